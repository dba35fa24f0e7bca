"""(e) Public pages during a login flood: p95 with 20 concurrent login POSTs vs quiet. Loopback only, bounded.

    python -m benchmarks.login_flood      # runs `make serve` on the bench database itself

Quiet: ROUNDS passes over the public pages one at a time (search included: never cached, so it is
real work). Flood: the same passes while FLOOD_THREADS threads post wrong passwords for made-up
usernames to /admin/login/ (each with a valid CSRF token, as a browser would) as fast as the server
answers. Stops after the passes or FLOOD_SECONDS, whichever is first. Target: flood p95 within 2x quiet p95.
"""
import http.client
import os
import re
import secrets
import statistics
import sys
import threading
import time
from collections import Counter

from benchmarks import results
from benchmarks.server import serving

PORT = int(os.environ.get("BENCH_FLOOD_PORT", 8714))
FLOOD_THREADS = 20
FLOOD_SECONDS = 120
ROUNDS = 30
PAGES = ["/", "/references/", "/glossary/", "/search/?q=naltrexone+pain", "/search/?q=dose"]
TARGET_RATIO = 2.0


def request(method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        connection.request(method, path, body=body, headers={"X-Forwarded-Proto": "https", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        connection.close()


def timed_pass(paths):
    times = []
    for path in paths:
        start = time.perf_counter()
        status, _, _ = request("GET", path)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, (path, status)
    return times


def p95(values):
    return statistics.quantiles(values, n=20)[-1]


def flood(stop, answers, lock):
    status, cookie, body = request("GET", "/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    headers = {"Cookie": f"csrftoken={csrf_cookie}", "Origin": f"https://127.0.0.1:{PORT}",
               "Content-Type": "application/x-www-form-urlencoded"}
    while not stop.is_set():
        form = f"csrfmiddlewaretoken={token}&username=nobody-{secrets.token_hex(4)}&password=guess-{secrets.token_hex(4)}"
        status, _, _ = request("POST", "/admin/login/?next=/admin/", headers, form)
        with lock:
            answers[status] += 1


def main():
    paths = PAGES
    with serving(PORT):
        paths = PAGES + sorted(set(re.findall(r'href="(/articles/[a-z0-9-]+/)"', request("GET", "/")[2].decode())))[:3]
        timed_pass(paths)  # warm the page cache and the workers
        load_before = os.getloadavg()
        quiet = [t for _ in range(ROUNDS) for t in timed_pass(paths)]
        stop, answers, lock = threading.Event(), Counter(), threading.Lock()
        threads = [threading.Thread(target=flood, args=(stop, answers, lock), daemon=True) for _ in range(FLOOD_THREADS)]
        for thread in threads:
            thread.start()
        time.sleep(2)  # let the flood reach its pace
        flooded, deadline = [], time.monotonic() + FLOOD_SECONDS
        for _ in range(ROUNDS):
            if time.monotonic() > deadline:
                break
            flooded += timed_pass(paths)
        load_during = os.getloadavg()
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    ratio = p95(flooded) / p95(quiet)
    met = ratio <= TARGET_RATIO
    print(f"(e) Public pages during a {FLOOD_THREADS}-concurrency login flood ({len(paths)} pages, {ROUNDS} passes each)")
    print(f"  quiet:   p50 {statistics.median(quiet):6.1f} ms  p95 {p95(quiet):6.1f} ms  max {max(quiet):6.1f} ms  ({len(quiet)} requests)")
    print(f"  flooded: p50 {statistics.median(flooded):6.1f} ms  p95 {p95(flooded):6.1f} ms  max {max(flooded):6.1f} ms  ({len(flooded)} requests)")
    print(f"  login answers during the flood: {dict(sorted(answers.items()))}")
    print(f"  load average before {' '.join(f'{x:.1f}' for x in load_before)}, during {' '.join(f'{x:.1f}' for x in load_during)}")
    print(f"  p95 flooded / quiet: {ratio:.2f} (target <= {TARGET_RATIO:g}): {'MET' if met else 'NOT MET'}")
    results.save("e-login-flood", [
        {"figure": "public p95 quiet", "value": p95(quiet), "unit": "ms", "target": None, "met": None},
        {"figure": "public p95 during the login flood", "value": p95(flooded), "unit": "ms", "target": None, "met": None},
        {"figure": "login POSTs answered during the flood", "value": sum(answers.values()), "unit": "", "target": None, "met": None},
        {"figure": "p95 flooded / quiet", "value": ratio, "unit": "x", "target": f"<= {TARGET_RATIO:g}", "met": met},
    ])
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
