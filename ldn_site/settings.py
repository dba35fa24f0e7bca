"""Settings for the LDN patient-education site.

Every knob comes from the environment with a safe development default;
.env.example lists them all.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "reversion",
    "references",
    "articles",
    "glossary",
    "compare",
    "search",
    "backups",
    "pagecache",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and everything that touches the database: a hit skips them all. The headers
    # the middleware below it add are stored with the page and replayed.
    "pagecache.middleware.PageCacheMiddleware",
    # HTML compressed here (static files come compressed from the build); keyed by Accept-Encoding
    # in the page cache. Public pages hold no secrets, so BREACH has nothing to find.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ldn_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "ldn_site.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

# The editor's live preview is the public page: same renderer, same sanitiser.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.preview.markdownify"
MARKDOWNX_MEDIA_PATH = "uploads/"
# Images staff add to articles (ldn_site/uploads.py): PNG or JPEG, bounded in bytes and pixels,
# and scaled down to a width that still reads well on a large screen.
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", 8 * 1024 * 1024))
IMAGE_UPLOAD_MAX_PIXELS = int(os.environ.get("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000))
IMAGE_MAX_WIDTH = int(os.environ.get("IMAGE_MAX_WIDTH", 1600))
# Run on every rendered, sanitised body before it is stored or previewed (articles.publishing).
ARTICLE_HTML_FILTERS = ["glossary.linking.link_terms", "articles.image_sizes.add_image_sizes"]
# Run by `manage.py load_content` after the articles and references, in order.
SEED_LOADERS = ["glossary.seed.load_terms", "compare.seed.load_comparisons"]

SITE_NAME = "LDN Explained"

# Redis when REDIS_URL is set (shared by every worker and server), else this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "ldn"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ldn-pages",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Public pages for anonymous readers come from the cache (pagecache/). An edit anywhere starts a new
# content generation that every process reads: in Redis when there is one, else in this file, which
# every worker on this server shares. Several app servers need REDIS_URL.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 24 * 60 * 60))
PAGE_CACHE_GENERATION_FILE = None if REDIS_URL else Path(
    os.environ.get("PAGE_CACHE_GENERATION_FILE", BASE_DIR / "var" / "content-generation")
)
# Models whose saves, deletes and many-to-many changes start a new generation.
PAGE_CACHE_CONTENT_APPS = ["references", "articles", "glossary", "compare"]
# Views whose answers may be cached (the search page is not: every query differs).
PAGE_CACHE_VIEWS = {
    "home",
    "articles:detail",
    "articles:references-export",
    "references:list",
    "references:detail",
    "references:export",
    "references:list-export",
    "glossary:list",
    "compare:sources",
    "compare:conditions",
    "compare:condition",
    "feed",
    "sitemap",
    "robots",
}
