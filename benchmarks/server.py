"""`make serve` (gunicorn, production settings) on a bench database, for the throughput and Lighthouse runs."""
import os
import secrets
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from deploy.serve import make_serve

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
# Production sits behind a TLS proxy; the benchmarks talk to gunicorn directly and say what the proxy would.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def get(url, headers=None):
    request = urllib.request.Request(url, headers={**PROXY_HEADERS, **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@contextmanager
def serving(port, **extra_env):
    """`make serve` on the bench database (var/bench) until the block ends; yields the base URL."""
    VAR.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SQLITE_PATH": str(VAR / "bench.sqlite3"),
        "DJANGO_STATIC_ROOT": str(VAR / "static"),
        "PAGE_CACHE_GENERATION_FILE": str(VAR / "content-generation"),
        **extra_env,
    }
    with make_serve(port, env, VAR / f"serve-{port}.log") as base:
        yield base
