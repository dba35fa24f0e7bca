"""(e) Public pages during a login flood: p95 with 20 concurrent login POSTs vs quiet. Loopback only, bounded.

    python -m benchmarks.login_flood                # both ways in, one after the other, pinned
    python -m benchmarks.login_flood nginx          # or only one: `nginx` or `gunicorn`
    python -m benchmarks.login_flood --unpinned     # every process free to run on every CPU
    BENCH_FLOOD_ROUNDS=30 python -m benchmarks.login_flood    # fewer passes (default 200)

Runs `make serve` on the bench database, and measures two ways in:
  nginx     the production shape (docs/deployment.md): Debian's nginx with deploy/nginx/ in front of
            make serve; the public pages and the flood both go through it, as they would for real.
            The target is set on this way in, the one patients use.
  gunicorn  straight to make serve: what the app's own limits do with no proxy in front. Reported
            beside it, with no target: sync workers are held by the flood's connections however
            cheap each refusal is, which is why the site runs behind nginx.
Quiet: ROUNDS passes over the public pages one at a time (search included: never cached, so it is
real work for the app). Flood: the same passes while another process's FLOOD_THREADS threads post
wrong passwords for made-up usernames to /admin/login/ (each with a valid CSRF token, as a browser would) as fast as they
are answered. Stops after the passes or FLOOD_SECONDS, whichever is first.
Pinned (the default): a real attacker runs on a machine of its own, and so does a patient's browser.
So the attacker's process gets the first CPU to itself, and the server's processes (gunicorn's master
and workers, nginx's master and workers) share the others with this measuring client, whose requests
go one at a time and so never compete with the server for a CPU. Placed with os.sched_setaffinity,
in the quiet phase and the flooded phase alike, so the ratio compares like with like. Other programs
on the machine are not pinned and may still run on any CPU. --unpinned leaves every process on every
CPU, as earlier runs were measured.
Target: through nginx, flood p95 within 2x quiet p95.
"""
import http.client
import multiprocessing
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from benchmarks import results
from benchmarks.server import serving
from deploy import proxy, serve

PORT = int(os.environ.get("BENCH_FLOOD_PORT", 8714))
FLOOD_THREADS = 20
FLOOD_SECONDS = 120
ROUNDS = int(os.environ.get("BENCH_FLOOD_ROUNDS", 200))
PAGES = ["/", "/references/", "/glossary/", "/search/?q=naltrexone+pain", "/search/?q=dose"]
TARGET_RATIO = 2.0
WAYS = {"nginx": "through nginx (deploy/nginx/, the production shape)", "gunicorn": "straight to gunicorn (make serve, no proxy)"}
TARGETED = {"nginx"}  # the way patients reach the site; the other is reported for comparison


def request(port, method, path, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={"X-Forwarded-Proto": "https", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read()
    finally:
        connection.close()


def timed_pass(port, paths):
    times = []
    for path in paths:
        start = time.perf_counter()
        status, _, _ = request(port, "GET", path)
        times.append((time.perf_counter() - start) * 1000)
        assert status == 200, (path, status)
    return times


def p95(values):
    return statistics.quantiles(values, n=20)[-1]


def flood(port, origin, stop, answers, lock):
    status, cookie, body = request(port, "GET", "/admin/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    headers = {"Cookie": f"csrftoken={csrf_cookie}", "Origin": origin, "Content-Type": "application/x-www-form-urlencoded"}
    while not stop.is_set():
        form = f"csrfmiddlewaretoken={token}&username=nobody-{secrets.token_hex(4)}&password=guess-{secrets.token_hex(4)}"
        status, _, body = request(port, "POST", "/admin/login/?next=/admin/", headers, form)
        # nginx's own 429 is a page without the site's stylesheet; the app's pages link it.
        who = "app" if b"/static/" in body else "nginx"
        with lock:
            answers[f"{status} from {who}"] += 1


def cpu_seconds(pids):
    """CPU seconds (user + system) the processes and their finished children have used so far.

    With the children: gunicorn's master reaps the workers that max_requests recycles during a flood."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(n) for n in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def gunicorn_workers():
    """This benchmark's gunicorn processes (the ones started with PORT=PORT), master and workers."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and b"gunicorn" in (entry / "cmdline").read_bytes() and \
                    f"PORT={PORT}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                found.append(entry.name)
        except OSError:
            continue
    return found


def nginx_workers(prefix):
    """nginx's master and workers."""
    master = (prefix / "nginx.pid").read_text().strip()
    return [master, *subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout.split()]


def cpu_split():
    """(the attacker's CPUs, the CPUs for the server and the measuring client), or None with only one CPU."""
    cpus = sorted(os.sched_getaffinity(0))
    return ({cpus[0]}, set(cpus[1:])) if len(cpus) > 1 else None


def pin(pids, cpus):
    for pid in pids:
        try:
            os.sched_setaffinity(int(pid), cpus)
        except ProcessLookupError:  # a worker recycled meanwhile: its successor inherits the master's CPUs
            pass


def flooding(port, origin, stop, report, cpus):
    """The flood, in a process of its own (on `cpus`, when given): FLOOD_THREADS threads until `stop` is set;
    the answers go to `report`."""
    if cpus:
        os.sched_setaffinity(0, cpus)  # before its threads start, so they inherit it
    answers, lock, done = Counter(), threading.Lock(), threading.Event()
    threads = [threading.Thread(target=flood, args=(port, origin, done, answers, lock), daemon=True) for _ in range(FLOOD_THREADS)]
    for thread in threads:
        thread.start()
    stop.wait()
    done.set()
    for thread in threads:
        thread.join(timeout=60)
    report.put(dict(answers))


def measure(way, port, paths, origin, servers, split):
    """servers: a function giving the server's processes on this way in (their CPU time is reported).
    split: (the attacker's CPUs, the server's and client's), or None to leave every process unpinned."""
    if split:
        # Before the quiet phase: both phases run with the same CPUs. Workers gunicorn forks later
        # inherit the master's CPUs; the attacker forked below moves to its own CPU before its threads start.
        pin([0], split[1])
        pin(servers(), split[1])
        placement = (f"pinned: attacker alone on CPU {','.join(map(str, sorted(split[0])))}, "
                     f"server and measuring client on CPU {','.join(map(str, sorted(split[1])))} (quiet and flooded alike)")
    else:
        placement = f"unpinned: every process on any of the {os.cpu_count()} CPUs"
    timed_pass(port, paths)  # warm the caches and the workers
    load_before = os.getloadavg()
    quiet = [t for _ in range(ROUNDS) for t in timed_pass(port, paths)]
    # Another process, as an attacker would be: flood threads in this one would hold the interpreter
    # lock the timed requests need, and slow them down on the client's side, not the server's.
    context = multiprocessing.get_context("fork")
    stop, report = context.Event(), context.Queue()
    attacker = context.Process(target=flooding, args=(port, origin, stop, report, split and split[0]), daemon=True)
    attacker.start()
    time.sleep(2)  # let the flood reach its pace
    cpu_before = {"server": cpu_seconds(servers()), "attacker": cpu_seconds([attacker.pid])}
    flooded, deadline, started = [], time.monotonic() + FLOOD_SECONDS, time.monotonic()
    for _ in range(ROUNDS):
        if time.monotonic() > deadline:
            break
        flooded += timed_pass(port, paths)
    server_pids = servers()
    if split:
        assert all(os.sched_getaffinity(int(pid)) == split[1] for pid in server_pids), "a server process left its CPU"
    cpu = {"server": cpu_seconds(server_pids) - cpu_before["server"], "attacker": cpu_seconds([attacker.pid]) - cpu_before["attacker"]}
    measured = time.monotonic() - started
    seconds = measured + 2
    load_during = os.getloadavg()
    stop.set()
    answers = report.get(timeout=120)
    attacker.join(timeout=60)
    ratio = p95(flooded) / p95(quiet)
    targeted = way in TARGETED
    met = ratio <= TARGET_RATIO if targeted else None
    print(f"(e) [{way}] public pages during a {FLOOD_THREADS}-concurrency login flood, {WAYS[way]} "
          f"({len(paths)} pages, {ROUNDS} passes each)")
    print(f"  {placement}")
    print(f"  quiet:   p50 {statistics.median(quiet):6.1f} ms  p95 {p95(quiet):6.1f} ms  max {max(quiet):6.1f} ms  ({len(quiet)} requests)")
    print(f"  flooded: p50 {statistics.median(flooded):6.1f} ms  p95 {p95(flooded):6.1f} ms  max {max(flooded):6.1f} ms  ({len(flooded)} requests)")
    total = sum(answers.values())
    print(f"  login POSTs answered during the flood: {total:,} in {seconds:.0f} s ({total / seconds:,.0f}/s): {dict(sorted(answers.items()))}")
    print(f"  CPU while the public pages were timed ({measured:.0f} s): the server ({len(server_pids)} processes) "
          f"{cpu['server'] / measured:.2f} cores, the attacker's process {cpu['attacker'] / measured:.2f} cores ({os.cpu_count()} on this machine)")
    print(f"  load average before {' '.join(f'{x:.1f}' for x in load_before)}, during {' '.join(f'{x:.1f}' for x in load_during)}")
    if targeted:
        print(f"  p95 flooded / quiet: {ratio:.2f} (target <= {TARGET_RATIO:g}): {'MET' if met else 'NOT MET'}")
    else:
        print(f"  p95 flooded / quiet: {ratio:.2f} (no target: patients come through nginx; see the nginx figure)")
    way = f"{way}, {'pinned' if split else 'unpinned'}"
    return [
        {"figure": f"[{way}] public p95 quiet", "value": p95(quiet), "unit": "ms", "target": None, "met": None},
        {"figure": f"[{way}] public p95 during the login flood", "value": p95(flooded), "unit": "ms", "target": None, "met": None},
        {"figure": f"[{way}] login POSTs answered during the flood", "value": total, "unit": "", "target": None, "met": None},
        {"figure": f"[{way}] p95 flooded / quiet (load {load_during[0]:.1f})", "value": ratio, "unit": "x",
         "target": f"<= {TARGET_RATIO:g}" if targeted else None, "met": met},
    ]


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    unknown = [arg for arg in argv if arg not in WAYS and arg != "--unpinned"]
    if unknown:
        sys.exit(f"usage: python -m benchmarks.login_flood [nginx|gunicorn ...] [--unpinned] (not {' '.join(unknown)})")
    ways = [arg for arg in argv if arg in WAYS] or list(WAYS)
    split = None if "--unpinned" in argv else cpu_split()
    if split is None and "--unpinned" not in argv:
        print("  only one CPU: the attacker cannot be kept off the server's, so this run is unpinned")
    figures = []
    with ExitStack() as stack:
        stack.enter_context(serving(PORT))
        paths = PAGES + sorted(set(re.findall(r'href="(/articles/[a-z0-9-]+/)"', request(PORT, "GET", "/")[2].decode())))[:3]
        for number, way in enumerate(ways):
            if number:  # the app's per-minute login windows start afresh for the next way in
                time.sleep(61 - time.time() % 60)
            if way == "nginx":
                front, prefix = serve.free_port(), Path(tempfile.mkdtemp(prefix="ldn-nginx-"))
                stack.callback(shutil.rmtree, prefix, ignore_errors=True)
                stack.enter_context(proxy.nginx(prefix, front, [PORT]))
                # nginx passes the host without its port, so that is the origin the app expects.
                figures += measure(way, front, paths, "https://127.0.0.1", lambda: gunicorn_workers() + nginx_workers(prefix), split)
            else:
                figures += measure(way, PORT, paths, f"https://127.0.0.1:{PORT}", gunicorn_workers, split)
    results.save("e-login-flood", figures)
    return 0 if all(f["met"] for f in figures if f["met"] is not None) else 1


if __name__ == "__main__":
    sys.exit(main())
