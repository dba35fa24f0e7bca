"""(b) Throughput under `make serve`: a cached article page against a static file from the same server, with wrk.

Bounded in time: BENCH_ROUNDS rounds (default 5) of BENCH_SECONDS (default 3) per URL, the page and
the file back to back in each round so that other load on the machine affects both alike; the
ratio is the median of the rounds' ratios.
Runs once with the local-memory cache and once with Redis (REDIS_URL=BENCH_REDIS_URL) if Redis answers.
"""
import os
import re
import statistics
import subprocess
import sys

from benchmarks import results
from benchmarks.server import PROXY_HEADERS, get, serving

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
SECONDS = int(os.environ.get("BENCH_SECONDS", 3))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 8))
TARGET_RATIO = 0.8
ARTICLE = "/articles/naltrexone-for-analgesia/"


def wrk(url):
    headers = [arg for name, value in {**PROXY_HEADERS, "Accept-Encoding": "gzip"}.items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", *headers, url],
                         capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in out or "Socket errors" in out and "timeout 0" not in out:
        raise SystemExit(f"wrk saw errors for {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def measure(label, port, **env):
    with serving(port, **env) as base:
        status, headers, html = get(base + ARTICLE, {"Accept-Encoding": "identity"})
        css = re.search(rb'href="(/static/css/site[^"]*\.css)"', html).group(1).decode()
        for _ in range(50):  # every worker caches the page once before the clock starts
            get(base + ARTICLE, {"Accept-Encoding": "gzip"})
        page_rounds, static_rounds = [], []
        for _ in range(ROUNDS):
            page_rounds.append(wrk(base + ARTICLE))
            static_rounds.append(wrk(base + css))
    page, static = statistics.median(page_rounds), statistics.median(static_rounds)
    ratio = statistics.median(p / s for p, s in zip(page_rounds, static_rounds))
    print(f"  [{label}] cached article {ARTICLE}: {page:,.0f} req/s; static {css}: {static:,.0f} req/s; "
          f"ratio {ratio:.2f} (target >= {TARGET_RATIO}): {'MET' if ratio >= TARGET_RATIO else 'NOT MET'}")
    print("    rounds (page / static req/s): " + ", ".join(f"{p:,.0f} / {s:,.0f}" for p, s in zip(page_rounds, static_rounds)))
    return [
        {"figure": f"[{label}] cached article, requests/s", "value": page, "unit": "req/s", "target": None, "met": None},
        {"figure": f"[{label}] static file, requests/s", "value": static, "unit": "req/s", "target": None, "met": None},
        {"figure": f"[{label}] article / static throughput", "value": ratio, "unit": "x",
         "target": f">= {TARGET_RATIO}", "met": ratio >= TARGET_RATIO},
    ]


def redis_url():
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        import redis

        redis.Redis.from_url(url).ping()
        return url
    except Exception:
        return None


def main():
    print(f"(b) Throughput under `make serve` (gunicorn, production settings), wrk -c{CONNECTIONS}, "
          f"{ROUNDS} rounds of {SECONDS} s per URL, medians")
    figures = measure("local memory", int(os.environ.get("BENCH_PORT", 8301)))
    url = redis_url()
    if url:
        figures += measure("Redis", int(os.environ.get("BENCH_PORT", 8301)) + 1, REDIS_URL=url,
                           CACHE_KEY_PREFIX="bench")
    else:
        print("  [Redis] skipped: no Redis at BENCH_REDIS_URL")
    results.save("b-throughput", figures)


if __name__ == "__main__":
    sys.exit(main())
