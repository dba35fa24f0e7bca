"""(b) Throughput, with wrk: three ratios, each measured in one run with both sides back to back.

  (b1) through nginx (deploy/nginx/, as `make serve-proxy` runs it): a cached article against
       nginx's own rate for a static file of the same bytes, from the same nginx (target >= 0.9);
       also the CPU time nginx's worker spends per request on each, which the machine's other
       load hardly moves (read from /proc, user + system)
  (b2) straight to `make serve`: a cached article against whitenoise's rate for the stylesheet
       (target >= 1.0)
  (b3) straight to `make serve`: a 304 revalidation of the article (If-None-Match) against the
       same stylesheet (target >= 1.0)

Bounded in time: BENCH_ROUNDS rounds (default 5) of BENCH_SECONDS (default 3) per URL, the two
sides back to back in each round so other load on the machine affects both alike; each ratio is the
median of the rounds' ratios. The machine's load average is printed with each figure. (b2) and (b3)
run with the local-memory cache and again with Redis (BENCH_REDIS_URL) if Redis answers.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import results
from benchmarks.server import PROXY_HEADERS, get, serving
from deploy import proxy, serve

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
SECONDS = int(os.environ.get("BENCH_SECONDS", 3))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 8))
ARTICLE = "/articles/naltrexone-for-analgesia/"
TARGETS = {"proxy": 0.9, "direct": 1.0, "304": 1.0}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


def wrk(url, headers, cpu=None):
    """Requests per second; with cpu (a function giving CPU seconds used so far), also the CPU µs per request."""
    used = cpu() if cpu else 0.0
    args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", *args, url],
                         capture_output=True, text=True, check=True).stdout
    # Timeouts are the machine's load (wrk's 2 s); a wrong status or a broken connection is an error.
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+)", out)
    if "Non-2xx or 3xx responses" in out or errors and any(int(n) for n in errors.groups()):
        raise SystemExit(f"wrk saw errors for {url}:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    if cpu:
        requests = int(re.search(r"(\d+) requests in", out).group(1))
        return rate, (cpu() - used) / max(requests, 1) * 1e6
    return rate


def process_cpu(pids):
    """CPU seconds (user + system) the processes have used so far."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def nginx_workers(prefix):
    master = (prefix / "nginx.pid").read_text().strip()
    children = subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout.split()
    return [pid for pid in children if "worker process" in Path(f"/proc/{pid}/cmdline").read_text()]


def compare(label, key, page, static, cpu=None):
    """page and static: (url, headers). Rounds back to back; prints and returns the figures."""
    before = load()
    page_rounds, static_rounds, page_cpu, static_cpu = [], [], [], []
    for _ in range(ROUNDS):
        for url_headers, rounds, cpus in [(page, page_rounds, page_cpu), (static, static_rounds, static_cpu)]:
            answer = wrk(*url_headers, cpu=cpu)
            rounds.append(answer[0] if cpu else answer)
            if cpu:
                cpus.append(answer[1])
    # A round where wrk got nothing through (every request timed out: the machine's load) says nothing.
    ratios = [p / s for p, s in zip(page_rounds, static_rounds) if p and s] or [0.0]
    ratio = statistics.median(ratios)
    target = TARGETS[key]
    verdict = "MET" if ratio >= target else "NOT MET"
    print(f"  {label}: {statistics.median(page_rounds):,.0f} req/s against {statistics.median(static_rounds):,.0f} req/s; "
          f"ratio {ratio:.2f} (target >= {target}): {verdict}")
    print("    rounds: " + ", ".join(f"{p:,.0f} / {s:,.0f}" for p, s in zip(page_rounds, static_rounds)))
    if cpu:
        print(f"    nginx's CPU per request: {statistics.median(page_cpu):.1f} µs against {statistics.median(static_cpu):.1f} µs "
              f"(static / page {statistics.median(static_cpu) / statistics.median(page_cpu):.2f}); rounds: "
              + ", ".join(f"{p:.1f} / {s:.1f}" for p, s in zip(page_cpu, static_cpu)))
    print(f"    {before} before, {load()} after")
    extra = [
        {"figure": f"{label}: nginx CPU per request, page", "value": statistics.median(page_cpu), "unit": "µs", "target": None, "met": None},
        {"figure": f"{label}: nginx CPU per request, static", "value": statistics.median(static_cpu), "unit": "µs", "target": None, "met": None},
    ] if cpu else []
    return extra + [
        {"figure": f"{label}: page, requests/s", "value": statistics.median(page_rounds), "unit": "req/s", "target": None, "met": None},
        {"figure": f"{label}: static, requests/s", "value": statistics.median(static_rounds), "unit": "req/s", "target": None, "met": None},
        {"figure": f"{label}: ratio ({load()})", "value": ratio, "unit": "x", "target": f">= {target}", "met": ratio >= target},
    ]


def direct(label, port, **env):
    """(b2) and (b3) against `make serve` on its own."""
    gzip = {**PROXY_HEADERS, "Accept-Encoding": "gzip"}
    with serving(port, **env) as base:
        _, headers, html = get(base + ARTICLE, {"Accept-Encoding": "identity"})
        css = re.search(rb'href="(/static/css/site[^"]*\.css)"', html).group(1).decode()
        for _ in range(50):  # every worker caches the page once before the clock starts
            _, headers, _ = get(base + ARTICLE, {"Accept-Encoding": "gzip"})
        figures = compare(f"(b2) [{label}] cached article / stylesheet, straight to make serve", "direct",
                          (base + ARTICLE, gzip), (base + css, gzip))
        figures += compare(f"(b3) [{label}] 304 revalidation / stylesheet, straight to make serve", "304",
                           (base + ARTICLE, {**gzip, "If-None-Match": headers["ETag"]}), (base + css, gzip))
    return figures


def through_nginx(port):
    """(b1): the cached article through nginx against nginx's own static file of the same bytes."""
    with serving(port) as base, tempfile.TemporaryDirectory(prefix="ldn-bench-nginx-") as folder:
        prefix = Path(folder)
        served = prefix / "same-size"
        served.mkdir()
        served.chmod(0o755)
        _, _, body = get(base + ARTICLE, {"Accept-Encoding": "gzip"})
        (served / "article.html.gz").write_bytes(body)
        (served / "article.html.gz").chmod(0o644)
        extra = f"        location = /same-size/article.html.gz {{ root {prefix}; }}"
        with proxy.nginx(prefix / "nginx", serve.free_port(), [int(base.rsplit(":", 1)[1])], extra) as front:
            headers = {"Accept-Encoding": "gzip"}
            for _ in range(5):
                status, answer, cached = get(front + ARTICLE, headers)
            assert answer.get("X-Cache-Status") == "HIT" or answer.get("X-Cache-Status") == "REVALIDATED", answer
            print(f"  the article through nginx: {len(cached):,} bytes gzipped; nginx's static file: {len(body):,} bytes")
            workers = nginx_workers(prefix / "nginx")
            return compare("(b1) cached article through nginx / nginx's own static file of the same size", "proxy",
                           (front + ARTICLE, headers), (front + "/same-size/article.html.gz", headers),
                           cpu=lambda: process_cpu(workers))


def redis_url():
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        import redis

        redis.Redis.from_url(url).ping()
        return url
    except Exception:
        return None


def main():
    port = int(os.environ.get("BENCH_PORT", 8301))
    print(f"(b) Throughput (gunicorn under make serve, production settings; Debian's nginx), wrk -c{CONNECTIONS}, "
          f"{ROUNDS} rounds of {SECONDS} s per URL, medians; {load()}")
    # `python -m benchmarks.throughput b1` (or `direct`) runs one part, to repeat it on a busy machine.
    parts = sys.argv[1:] or ["b1", "direct"]
    figures = through_nginx(port) if "b1" in parts else []
    if "direct" not in parts:
        return results.save("b-throughput", figures)
    figures += direct("local memory", port)
    url = redis_url()
    if url:
        figures += direct("Redis", port + 1, REDIS_URL=url, CACHE_KEY_PREFIX="bench")
    else:
        print("  [Redis] skipped: no Redis at BENCH_REDIS_URL")
    results.save("b-throughput", figures)


if __name__ == "__main__":
    sys.exit(main())
