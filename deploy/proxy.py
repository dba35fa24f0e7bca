"""Debian's nginx in front of `make serve` on this machine, with the repository's configuration (deploy/nginx/).

    python -m deploy.proxy serve [--port N]   # `make serve-proxy`: make serve on $PORT, nginx in front
    python -m deploy.proxy check              # CI: nginx -t, then a page, a static file and a 414 through it

Each nginx gets a folder of its own (configuration, pid, logs, cache, temp files), so it runs as any
user, next to other instances, on a free port. tests/test_proxy.py and `make bench` use the same code.
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .serve import free_port, make_serve

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def write_config(prefix: Path, port: int, upstream_ports, extra: str = "") -> Path:
    """deploy/nginx/local.conf filled in for this folder, port and app servers; returns its path."""
    for folder in ("tmp", "cache"):
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    # As root, nginx's workers run as nobody: they must reach the folder and own their cache.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    if user:
        for folder in [prefix, *prefix.parents]:
            if folder == Path("/"):
                break
            folder.chmod(folder.stat().st_mode | 0o011)
        for folder in ("tmp", "cache"):
            shutil.chown(prefix / folder, "nobody", "nogroup")
    text = (CONF / "local.conf").read_text()
    for name, value in {
        "USER": user, "PREFIX": str(prefix), "CONF": str(CONF), "PORT": str(port), "EXTRA": extra,
        "UPSTREAMS": "\n".join(f"        server 127.0.0.1:{p};" for p in upstream_ports),
    }.items():
        text = text.replace(f"@{name}@", value)
    path = prefix / "nginx.conf"
    path.write_text(text)
    return path


def test_config(config: Path) -> subprocess.CompletedProcess:
    """`nginx -t` on the written configuration."""
    return subprocess.run([NGINX, "-t", "-p", str(config.parent), "-c", str(config)], capture_output=True, text=True, timeout=30)


@contextmanager
def nginx(prefix, port: int, upstream_ports, extra: str = ""):
    """nginx on 127.0.0.1:port in front of the app servers until the block ends; yields the base URL.

    prefix None: a folder of its own under the system's temporary folder, removed afterwards (pytest
    resets its own folders to 0700 whenever a session starts, which would lock nobody's workers out)."""
    own = prefix is None
    prefix = Path(tempfile.mkdtemp(prefix="ldn-nginx-")) if own else prefix
    try:
        with _nginx(prefix, port, upstream_ports, extra) as base:
            yield base
    finally:
        if own:
            shutil.rmtree(prefix, ignore_errors=True)


@contextmanager
def _nginx(prefix: Path, port: int, upstream_ports, extra: str = ""):
    config = write_config(prefix, port, upstream_ports, extra)
    checked = test_config(config)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t refused {config}:\n{checked.stderr}")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {process.stderr.read() if process.poll() is not None else ''}"
                                       f"{(prefix / 'error.log').read_text() if (prefix / 'error.log').exists() else ''}") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)  # fast shutdown; the cache folder goes with the prefix
        process.wait(timeout=30)


def fetch(url, headers=None, method="GET"):
    """(status, headers as a dict with lower-case names, body); error statuses are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


SECURITY_HEADERS = ["content-security-policy", "strict-transport-security", "x-content-type-options", "x-frame-options",
                    "referrer-policy", "cross-origin-opener-policy"]


def check(base) -> list:
    """A page, a static file and gunicorn's own 414 through the proxy: the problems found (none is good)."""
    import re

    problems = []
    home = fetch(base + "/")
    answers = {"the home page": (home, 200), "a 5,000-character address (gunicorn's 414)": (fetch(base + "/" + "a" * 5000), 414)}
    stylesheet = re.search(rb'href="(/static/css/site[^"]*\.css)"', home[2])
    if stylesheet:
        answers["the stylesheet"] = (fetch(base + stylesheet.group(1).decode()), 200)
    else:
        problems.append("the home page links no stylesheet")
    for what, ((status, headers, _), expected) in answers.items():
        print(f"  {what}: {status}; " + ", ".join(f"{name} {'present' if headers.get(name) else 'MISSING'}" for name in SECURITY_HEADERS))
        if status != expected:
            problems.append(f"{what} answered {status}, not {expected}")
        problems += [f"{what} has no {name}" for name in SECURITY_HEADERS if not headers.get(name)]
    return problems


def site_env(**extra) -> dict:
    import secrets

    return {**os.environ, "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": os.environ.get("DJANGO_ALLOWED_HOSTS") or "127.0.0.1,localhost", **extra}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["serve", "check"])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PROXY_PORT") or 0), help="nginx's port (default: a free one)")
    parser.add_argument("--app-port", type=int, default=int(os.environ.get("PORT") or 8000), help="make serve's port")
    args = parser.parse_args(argv)
    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="ldn-nginx-") as folder:
        prefix = Path(folder)
        if args.action == "check":
            # A throwaway database and static folder, like a fresh clone's first `make serve`.
            env = site_env(SQLITE_PATH=str(prefix / "db.sqlite3"), DJANGO_STATIC_ROOT=str(prefix / "static"),
                           PAGE_CACHE_GENERATION_FILE=str(prefix / "content-generation"))
            for name in ("DATABASE_URL", "REDIS_URL"):
                env.pop(name, None)
            config = write_config(prefix / "nginx", port, [args.app_port])
            checked = test_config(config)
            print(f"nginx -t: {checked.stderr.strip()}")
            if checked.returncode != 0:
                return 1
            with make_serve(args.app_port, env, prefix / "serve.log"), nginx(prefix / "nginx", port, [args.app_port]) as base:
                problems = check(base)
            print("\n".join(f"PROBLEM: {p}" for p in problems) or "nginx in front of make serve: every check passed")
            return 1 if problems else 0
        env = {**os.environ}
        with make_serve(args.app_port, env, prefix / "serve.log"), nginx(prefix / "nginx", port, [args.app_port]) as base:
            print(f"nginx {base}/ in front of make serve on 127.0.0.1:{args.app_port} (its log: {prefix / 'serve.log'}); Ctrl-C stops both",
                  flush=True)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            signal.sigwait({signal.SIGINT, signal.SIGTERM})  # then both stop as the blocks end
    return 0


if __name__ == "__main__":
    sys.exit(main())
