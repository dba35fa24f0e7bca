"""Configuration from the environment: typed readers, and the checks that keep production safe.

settings.py reads every knob through these helpers; a bad value is an error that names the
variable and the value. In production (DJANGO_ENV=production) the site refuses to start while
anything on `production_problems()` is wrong, and says what to set, all problems at once.

`python -m ldn_site.environment` prints the mode and those problems without starting Django.
"""
import math
import multiprocessing
import os
import sys
from collections import Counter
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

ENVIRONMENTS = ("development", "production")
# Only ever used on a developer's machine; production refuses it by name.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me"
# The same bar as Django's own deployment check (security.W009).
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 5
# Measured from the key's own character frequencies; secrets.token_urlsafe(50) measures about 350.
MIN_SECRET_KEY_BITS = 200
PLACEHOLDER_PASSWORD = "CHANGE-ME"
DEVELOPMENT_HOSTS = "127.0.0.1,localhost,testserver"
MAKE_A_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


class ConfigurationError(ImproperlyConfigured):
    """A variable with a value the site cannot use; the message names the variable and the value."""


class UnsafeConfiguration(ConfigurationError):
    """Production settings that must not go live; the message lists every problem and the fix."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(explain(self.problems))


def env_str(name, default="", environ=None):
    environ = os.environ if environ is None else environ
    return environ.get(name, default).strip()


def env_bool(name, default, environ=None):
    """true/false, yes/no, on/off or 1/0 (any case); unset or empty means the default."""
    value = env_str(name, environ=environ)
    if not value:
        return default
    if value.lower() in TRUE_WORDS:
        return True
    if value.lower() in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name}={value!r} is not a yes/no value: use true or false.")


def web_concurrency(environ=None):
    """gunicorn's worker count (gunicorn.conf.py): WEB_CONCURRENCY, else 2 x cores + 1, at most 8.

    The usual 2 x cores + 1, capped because each worker holds a database connection and its own memory."""
    return env_int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8), minimum=1, environ=environ)


def env_int(name, default, minimum=None, environ=None):
    """A whole number; unset or empty means the default."""
    value = env_str(name, environ=environ)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name}={value!r} is too small: use {minimum} or more.")
    return number


def env_list(name, default="", environ=None):
    """A comma-separated list, blanks dropped."""
    environ = os.environ if environ is None else environ
    return [item.strip() for item in environ.get(name, default).split(",") if item.strip()]


def django_env(environ=None):
    value = env_str("DJANGO_ENV", "development", environ).lower() or "development"
    if value not in ENVIRONMENTS:
        raise ConfigurationError(f"DJANGO_ENV={value!r} is not one of: {', '.join(ENVIRONMENTS)}.")
    return value


def is_production(environ=None):
    return django_env(environ) == "production"


def debug(environ=None):
    """On by default in development only."""
    return env_bool("DJANGO_DEBUG", not is_production(environ), environ)


def secret_key(environ=None):
    default = "" if is_production(environ) else DEVELOPMENT_SECRET_KEY
    return env_str("DJANGO_SECRET_KEY", environ=environ) or default


def allowed_hosts(environ=None):
    default = "" if is_production(environ) else DEVELOPMENT_HOSTS
    return env_list("DJANGO_ALLOWED_HOSTS", default, environ)


def site_url(environ=None):
    """SITE_URL, the one address every absolute link is built from; by default https:// and the first allowed host
    in production, http://127.0.0.1:PORT in development. Never the request's Host header."""
    hosts = allowed_hosts(environ)
    if is_production(environ):
        default = f"https://{hosts[0].lstrip('.')}" if hosts else ""
    else:
        default = f"http://127.0.0.1:{env_str('PORT', environ=environ) or '8000'}"
    return (env_str("SITE_URL", environ=environ) or default).rstrip("/")


def database(environ=None, base_dir=None):
    """DATABASE_URL (PostgreSQL in production) or SQLite at SQLITE_PATH."""
    import dj_database_url

    environ = os.environ if environ is None else environ
    production = is_production(environ)
    # Persistent connections save a connection per request; health checks drop dead ones.
    conn_max_age = env_int("DB_CONN_MAX_AGE", 60 if production else 0, minimum=0, environ=environ)
    url = env_str("DATABASE_URL", environ=environ)
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", environ=environ) or str(base_dir / "db.sqlite3"),
            "CONN_MAX_AGE": conn_max_age,
            "CONN_HEALTH_CHECKS": conn_max_age > 0,
            # A transaction takes the write lock when it begins. SQLite's default (deferred) takes it at
            # the first write, and a transaction that read first and then finds another writer is
            # refused at once ("database is locked"), without waiting: django-axes' select_for_update()
            # + get_or_create() answered 503 under a login flood (tests/test_login_throttle.py).
            "OPTIONS": {"transaction_mode": "IMMEDIATE"},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=conn_max_age > 0)
    except ValueError as error:
        raise ConfigurationError(
            f"DATABASE_URL is not a database address ({error}); "
            "use postgres://USER:PASSWORD@HOST:5432/NAME or leave it unset for SQLite."
        ) from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Without a timeout a page waits for the operating system's (minutes) when PostgreSQL is away.
        timeout = env_int("DB_CONNECT_TIMEOUT", 5, minimum=1, environ=environ)
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", timeout)
    return config


def secret_key_problem(key):
    if not key:
        return f"DJANGO_SECRET_KEY is not set: set it to a long random value, for example the output of {MAKE_A_KEY}"
    if key == DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure"):
        return f"DJANGO_SECRET_KEY is the development key: set a new random value, for example the output of {MAKE_A_KEY}"
    if len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < MIN_SECRET_KEY_UNIQUE_CHARACTERS:
        return (
            f"DJANGO_SECRET_KEY is too short or too simple ({len(key)} characters): use at least "
            f"{MIN_SECRET_KEY_LENGTH} random characters, for example the output of {MAKE_A_KEY}"
        )
    bits = key_entropy_bits(key)
    if bits < MIN_SECRET_KEY_BITS:
        return (
            f"DJANGO_SECRET_KEY looks guessable: about {bits:.0f} bits of randomness measured, at least "
            f"{MIN_SECRET_KEY_BITS} needed (it repeats too few characters). Use the output of {MAKE_A_KEY}"
        )
    return None


def key_entropy_bits(key: str) -> float:
    """Shannon entropy of the key's characters times its length: an estimate, low for patterned keys."""
    counts = Counter(key)
    return -len(key) * sum(n / len(key) * math.log2(n / len(key)) for n in counts.values()) if key else 0.0


def proxies_problem(environ=None):
    proxies = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1", environ)
    if "*" in proxies:
        return (
            "FORWARDED_ALLOW_IPS contains '*', so anyone can claim any address in X-Forwarded-For and escape the "
            "login lockout: list the proxy's own addresses (for example FORWARDED_ALLOW_IPS=127.0.0.1)."
        )
    return None


def database_password_problem(environ=None):
    url = env_str("DATABASE_URL", environ=environ)
    password = urlsplit(url).password if url else None
    if password and PLACEHOLDER_PASSWORD.lower() in password.lower():
        return (
            f"DATABASE_URL still has .env.example's placeholder password ({PLACEHOLDER_PASSWORD}): set the database "
            "user's real password."
        )
    return None


def site_url_problem(environ=None):
    url = site_url(environ)
    if not url:
        return None  # no host allowed either: that problem is already listed
    if not url.startswith("https://") or not urlsplit(url).hostname:
        return f"SITE_URL={url!r} is not an https:// address: set it to the site's public address, like https://ldn.example.org"
    return None


def production_problems(environ=None):
    """Everything that stops the site running in production, each with what to set; [] in development."""
    if not is_production(environ):  # a DJANGO_ENV that is neither raises ConfigurationError
        return []
    problems = []
    checks = [
        lambda: debug(environ) and "DJANGO_DEBUG is on: set DJANGO_DEBUG=false (or leave it unset) in production.",
        lambda: secret_key_problem(secret_key(environ)),
        lambda: allowed_hosts_problem(allowed_hosts(environ)),
        lambda: proxies_problem(environ),
        lambda: database_password_problem(environ),
        lambda: site_url_problem(environ),
    ]
    for check in checks:
        try:
            problem = check()
        except ConfigurationError as error:
            problem = str(error)
        if problem:
            problems.append(problem)
    return problems


def allowed_hosts_problem(hosts):
    if not hosts:
        return (
            "DJANGO_ALLOWED_HOSTS is empty: set it to the site's host names, comma-separated, "
            "for example DJANGO_ALLOWED_HOSTS=ldn.example.org,www.ldn.example.org"
        )
    if "*" in hosts:
        return "DJANGO_ALLOWED_HOSTS contains '*', which accepts any Host header: list the site's host names instead."
    wildcards = [host for host in hosts if host.startswith(".")]
    if wildcards:
        return (
            f"DJANGO_ALLOWED_HOSTS contains {', '.join(wildcards)}: a leading dot accepts every name ending in it "
            f"(any host under {wildcards[0]}). List the site's exact host names instead."
        )
    return None


def explain(problems):
    lines = "\n".join(f"  - {problem}" for problem in problems)
    return (
        f"Refusing to start in production (DJANGO_ENV=production) until this is fixed:\n{lines}\n"
        "See .env.example for every variable."
    )


def refuse_unsafe_production(environ=None):
    """Raise UnsafeConfiguration listing every problem, if there are any."""
    problems = production_problems(environ)
    if problems:
        raise UnsafeConfiguration(problems)


def main():
    """Print the mode and the problems (exit status 1 if there are any)."""
    try:
        mode = django_env()
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        return 1
    problems = production_problems()
    if problems:
        print(explain(problems), file=sys.stderr)
        return 1
    print(f"DJANGO_ENV={mode}: the configuration is complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
