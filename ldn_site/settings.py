"""Settings for the LDN patient-education site.

Every knob comes from the environment (ldn_site/environment.py) with a safe development default;
.env.example lists them all. DJANGO_ENV=production turns on the production settings below and
refuses to start while a production setting is unsafe or missing.
"""
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF

from . import environment
from .environment import env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

environment.refuse_unsafe_production()
PRODUCTION = environment.is_production()
DEBUG = environment.debug()
SECRET_KEY = environment.secret_key()
ALLOWED_HOSTS = environment.allowed_hosts()
# Canonical links, og:url, JSON-LD, the feed, the sitemap, robots.txt and the page-cache key all
# start with this, whatever Host header a request carries (a port in it, another allowed name).
SITE_URL = environment.site_url()
# Only needed when the proxy hands the site a different host name than the browser used.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "markdownx",
    "reversion",
    "references",
    "articles",
    "glossary",
    "compare",
    "about",
    "questions",
    "search",
    "backups",
    "pagecache",
    "autosave",
    "desk",
    "axes",
]

MIDDLEWARE = [
    # Outermost, before sessions and everything that touches the database: a hit skips them all.
    # A page is stored as sent, with every header the middleware below it adds, and replayed as it
    # is (by pagecache/wsgi.py before Django builds a request, or by this middleware).
    "pagecache.middleware.PageCacheMiddleware",
    # Every response carries the Content-Security-Policy and frame protection: static files from
    # whitenoise and the HTTPS redirect too.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after the security headers and HTTPS redirect, before sessions.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A login flood is answered here, from the cache, before sessions, the database or hashing.
    "ldn_site.login_throttle.LoginRateLimitMiddleware",
    # HTML compressed here (static files come compressed from the build); keyed by Accept-Encoding
    # in the page cache. Answers without cookies hold no secrets for BREACH to find, so they are
    # compressed without Django's random padding: the same bytes, and ETag, in every worker.
    "pagecache.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ldn_site.login_throttle.PasswordChangeRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the 429 page.
    "axes.middleware.AxesMiddleware",
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

DATABASES = {"default": environment.database(base_dir=BASE_DIR)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes checks every login attempt (it needs the request) before the usual backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
# Several app servers must share one MEDIA_ROOT (uploaded images); the proxy serves it.
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves collectstatic's output: names carry a content hash, so whitenoise can
    # send them compressed (brotli, gzip) and cached for ever ("immutable").
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production whitenoise serves the source folders directly: no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG and not PRODUCTION

# The editor's live preview is the public page: same renderer, same sanitiser.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.preview.markdownify"
MARKDOWNX_MEDIA_PATH = "uploads/"
# The editor waits this long after the last keystroke before asking for a preview (markdownx debounces).
MARKDOWNX_SERVER_CALL_LATENCY = 800
# Images staff add to articles (articles/uploads.py): PNG or JPEG, bounded in bytes and pixels,
# and scaled down to a width that still reads well on a large screen.
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 8 * 1024 * 1024, minimum=1)
IMAGE_UPLOAD_MAX_PIXELS = env_int("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000, minimum=1)
IMAGE_MAX_WIDTH = env_int("IMAGE_MAX_WIDTH", 1600, minimum=1)
# Each side at most this many pixels: a 1 x 39,999,999 image is under the pixel bound but no page can show it.
IMAGE_UPLOAD_MAX_SIDE = env_int("IMAGE_UPLOAD_MAX_SIDE", 10_000, minimum=1)
# A body is rendered within this many seconds or refused with a message (articles/limits.py),
# so no paste can hold a worker; real articles render in a few milliseconds.
RENDER_TIME_BUDGET_SECONDS = 0.75
# The live preview answers each editor at most this often (a paste would otherwise queue renders).
PREVIEW_RATE_PER_MINUTE = 60

SITE_NAME = "LDN Explained"

# Security headers on every response, in every environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Admin login throttling (django-axes, ldn_site/login_throttle.py): after 5 wrong passwords for one
# username from one address, that pair is refused for 15 minutes with a 429 page; after 20 from one
# address, whatever the usernames, the address is. The counts live in the database, so every app
# server sees them; a successful login clears them.
LOGIN_FAILURES_PER_USERNAME_AND_ADDRESS = 5
LOGIN_FAILURES_PER_ADDRESS = 20
AXES_FAILURE_LIMIT = "ldn_site.login_throttle.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
# Before any of that (LoginRateLimitMiddleware, counted in the cache, shared through Redis): login
# POSTs per address and for the whole site per minute, password-change POSTs per person per hour.
LOGIN_POSTS_PER_ADDRESS_PER_MINUTE = 10
LOGIN_POSTS_PER_MINUTE = 60
PASSWORD_CHANGES_PER_USER_PER_HOUR = 10
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ldn_site.login_throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ldn_site.login_throttle.client_ip"
# The proxies whose X-Forwarded-For is believed (gunicorn reads the same variable).
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Content-Security-Policy (django-csp): only this site's own files; no inline or eval script,
# no inline style, no plugins, no framing, forms post only here. Public pages, the admin and the
# markdownx editor (live preview, dropped images under /media/) all work within it, as
# tests/test_csp_browser.py checks in Chromium.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

if PRODUCTION:
    # The site runs behind a TLS-terminating proxy (nginx, Caddy) that sets X-Forwarded-Proto.
    # Trusting the header is safe only because gunicorn listens on 127.0.0.1 (or a private
    # address) and the proxy always overwrites it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# With DEBUG off Django would only mail errors to ADMINS; send them to the app server's log
# (stderr) instead. Each request is already in gunicorn's access log, so 404s are not repeated.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"debug_off": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"one_line": {"()": "ldn_site.errors.OneLineFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "filters": ["debug_off"]},
        # A bad Host header is a scanner, not a bug: one line each, never a traceback.
        "stderr_one_line": {"class": "logging.StreamHandler", "filters": ["debug_off"], "formatter": "one_line"},
    },
    "root": {"handlers": ["stderr"], "level": env_str("DJANGO_LOG_LEVEL") or "WARNING"},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"handlers": ["stderr_one_line"], "level": "WARNING", "propagate": False},
    },
}

# Redis when REDIS_URL is set (shared by every worker and server), else this process's memory.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # The page cache reaches this Redis through one redis-py client (pagecache/redis_cache.py).
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX") or "ldn",
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

# The login limits above are counted in this cache. Without Redis each gunicorn worker counts in its
# own memory, so each allows only its share and the server as a whole keeps to the limits: five
# workers each allowing the whole of it let a flood through to django-axes five times over
# (benchmarks/login_flood.py). With Redis the counts are shared and exact.
LOGIN_LIMIT_PROCESSES = environment.web_concurrency() if PRODUCTION and not REDIS_URL else 1

# Public pages for anonymous readers come from the cache (pagecache/). An edit anywhere starts a new
# content generation that every process reads: in Redis when there is one, else in this file, which
# every worker on this server shares. Several app servers need REDIS_URL.
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 60 * 60, minimum=1)
# What a public page tells browsers, the proxy and a CDN (pagecache/http.py): browsers revalidate
# each time; shared caches keep it PAGE_CACHE_SHARED_MAX_AGE seconds (so an edit shows through
# them within that), may serve it PAGE_CACHE_STALE_WHILE_REVALIDATE seconds longer while they
# fetch it again, and PAGE_CACHE_STALE_IF_ERROR seconds longer while the site cannot answer.
PAGE_CACHE_SHARED_MAX_AGE = env_int("PAGE_CACHE_SHARED_MAX_AGE", 1, minimum=1)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 1, minimum=0)
PAGE_CACHE_STALE_IF_ERROR = env_int("PAGE_CACHE_STALE_IF_ERROR", 24 * 60 * 60, minimum=0)
PAGE_CACHE_GENERATION_FILE = None if REDIS_URL else Path(
    env_str("PAGE_CACHE_GENERATION_FILE") or BASE_DIR / "var" / "content-generation"
)
# "Mark as reviewed" in the admin sets the next review this many months later.
REVIEW_INTERVAL_MONTHS = 12
