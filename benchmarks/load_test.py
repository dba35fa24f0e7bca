"""A bounded load test against the production server: every public page, zero errors allowed.

    python -m benchmarks.load_test --serve        # runs `make serve` itself (what `make load-test` does)
    python -m benchmarks.load_test --url URL      # a server that is already running

--requests (default 3,000) spread evenly over the public pages and a static file, from
--concurrency threads (default 8), each request a new connection as gunicorn's sync workers serve
them. Stops after --time-limit seconds (default 300) whatever happens. Prints requests, errors,
requests per second and latency percentiles; exits 1 if any request failed or the time ran out.

With --serve the database is the one `make serve` would use: DATABASE_URL (and REDIS_URL) when
set, else SQLite at SQLITE_PATH. Only the standard library is used.
"""
import argparse
import gzip
import http.client
import itertools
import os
import re
import secrets
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from deploy.serve import make_serve

ROOT = Path(__file__).resolve().parent.parent
# What the TLS proxy in front of gunicorn tells it; without it production redirects to https.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
PAGES = [
    "/",
    "/references/",
    "/glossary/",
    "/what-the-sources-say/",
    "/conditions/",
    "/search/?q=naltrexone+pain",
    "/feed/",
    "/sitemap.xml",
]


def fetch(base, path, timeout=30):
    """(status, body) of one GET, on a new connection, as the proxy sends it."""
    parts = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        connection.request("GET", path, headers={**PROXY_HEADERS, "Host": parts.netloc})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def public_paths(base):
    """The pages above, the three articles and the site's stylesheet, as the home page links them."""
    status, body = fetch(base, "/")
    if status != 200:
        raise SystemExit(f"The home page answered {status}; nothing to load-test.")
    html = gzip.decompress(body).decode() if body[:2] == b"\x1f\x8b" else body.decode()
    articles = sorted(set(re.findall(r'href="(/articles/[a-z0-9-]+/)"', html)))
    stylesheet = re.search(r'href="(/static/css/site[^"]*\.css)"', html)
    if len(articles) < 3 or not stylesheet:
        raise SystemExit(f"The home page links {len(articles)} articles and {'a' if stylesheet else 'no'} stylesheet.")
    return PAGES + articles[:3] + [stylesheet.group(1)]


def percentile(sorted_values, fraction):
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run(base, requests, concurrency, time_limit):
    """Send the requests; returns the figures as a dict."""
    paths = public_paths(base)
    work = iter(itertools.islice(itertools.cycle(paths), requests))
    lock = threading.Lock()
    latencies, errors = [], Counter()
    deadline = time.monotonic() + time_limit

    def worker():
        while time.monotonic() < deadline:
            with lock:
                path = next(work, None)
            if path is None:
                return
            started = time.monotonic()
            try:
                status, _ = fetch(base, path)
                problem = None if status == 200 else f"{status} {path}"
            except OSError as error:
                problem = f"{type(error).__name__} {path}"
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors[problem] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + 35)
    duration = time.monotonic() - started
    done = sorted(latencies)
    return {
        "paths": len(paths),
        "requests": len(done),
        "asked": requests,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "seconds": duration,
        "rate": len(done) / duration if duration else 0.0,
        "p50": percentile(done, 0.50) if done else 0,
        "p90": percentile(done, 0.90) if done else 0,
        "p99": percentile(done, 0.99) if done else 0,
        "max": done[-1] if done else 0,
        "timed_out": len(done) < requests,
    }


def report(figures, concurrency):
    ms = {key: figures[key] * 1000 for key in ("p50", "p90", "p99", "max")}
    print(f"requests:    {figures['requests']} of {figures['asked']} over {figures['paths']} addresses, {concurrency} at a time")
    print(f"errors:      {figures['errors']}")
    for problem, count in figures["error_kinds"].most_common(10):
        print(f"             {count} x {problem}")
    print(f"duration:    {figures['seconds']:.1f} s")
    print(f"throughput:  {figures['rate']:.0f} requests/s")
    print(f"latency:     p50 {ms['p50']:.0f} ms, p90 {ms['p90']:.0f} ms, p99 {ms['p99']:.0f} ms, max {ms['max']:.0f} ms")
    if figures["timed_out"]:
        print("FAILED: the time limit ran out before every request was answered")
    elif figures["errors"]:
        print("FAILED: some requests did not get a 200")
    else:
        print("OK: no errors")


def serving(port):
    """`make serve` on 127.0.0.1:port (production settings, the database it would use) until the block ends."""
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": os.environ.get("DJANGO_ALLOWED_HOSTS") or "127.0.0.1",
    }
    log_path = ROOT / "var" / f"load-test-serve-{port}.log"
    log_path.parent.mkdir(exist_ok=True)
    return make_serve(port, env, log_path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--serve", action="store_true", help="run `make serve` on --port for the test")
    where.add_argument("--url", help="the base address of a running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=300, help="seconds")
    args = parser.parse_args(argv)
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    cache = "Redis" if os.environ.get("REDIS_URL") else "no Redis"
    if args.serve:
        print(f"Load test: make serve on port {args.port} ({database}, {cache})", flush=True)
        with serving(args.port) as base:
            figures = run(base, args.requests, args.concurrency, args.time_limit)
    else:
        print(f"Load test: {args.url}", flush=True)
        figures = run(args.url.rstrip("/"), args.requests, args.concurrency, args.time_limit)
    report(figures, args.concurrency)
    return 1 if figures["errors"] or figures["timed_out"] else 0


if __name__ == "__main__":
    sys.exit(main())
