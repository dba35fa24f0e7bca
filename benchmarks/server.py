"""`make serve` (gunicorn, production settings) on a bench database, for the throughput and Lighthouse runs."""
import os
import secrets
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
# Production sits behind a TLS proxy; the benchmarks talk to gunicorn directly and say what the proxy would.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def get(url, headers=None):
    request = urllib.request.Request(url, headers={**PROXY_HEADERS, **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@contextmanager
def make_serve(port, env, log_path):
    """Run `make serve` with `env` on 127.0.0.1:port until the block ends; yields the base URL."""
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        server = subprocess.Popen(["make", "--no-print-directory", "serve"], cwd=ROOT, env={**env, "PORT": str(port)},
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    get(f"{base}/robots.txt")
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit(f"`make serve` did not start; see {log_path}") from None
                    time.sleep(0.5)
            yield base
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


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
