"""`make serve` started by code: the nginx front (deploy/proxy.py), the server tests and the benchmarks.

Each server runs in a process group of its own, so make, its shell and gunicorn stop together.
"""
import os
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A port nothing listens on now, picked by the kernel."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(env: dict, output, venv=None) -> subprocess.Popen:
    """`make serve` with `env` (PORT in it), its output to `output`. With `venv`, that environment is the
    project's and make installs nothing (the tests run it with their own interpreter)."""
    command = ["make", "--no-print-directory", "serve"]
    if venv is not None:
        command += ["-o", "install", f"VENV={venv}"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def wait_until_answering(process, port: int, log_path: Path, timeout=240):
    """Return once the server answers /robots.txt as the TLS proxy asks; raise with its log if it stops or never does."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/robots.txt", headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"`make serve` did not start; see {log_path}:\n{log_path.read_text()[-3000:]}") from None
            time.sleep(0.3)


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


@contextmanager
def make_serve(port: int, env: dict, log_path: Path, venv=None, timeout=240):
    """`make serve` on 127.0.0.1:port with `env` until the block ends; yields its address."""
    with open(log_path, "w") as log:
        process = start({**env, "PORT": str(port)}, log, venv)
        try:
            wait_until_answering(process, port, log_path, timeout)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)
