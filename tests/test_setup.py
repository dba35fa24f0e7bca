"""A newcomer's fresh clone: `make run` sets everything up and serves the site; `.ci/run` runs `make test`."""
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from deploy import serve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    target = tmp_path_factory.mktemp("fresh") / "site"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True)
    return target


def test_fresh_clone_carries_no_local_state(clone):
    tracked = subprocess.run(["git", "ls-files"], cwd=clone, capture_output=True, text=True, check=True).stdout.split()
    assert not [f for f in tracked if f.startswith((".venv/", "node_modules/", "media/")) or f.endswith(".sqlite3")]
    for name in ["manage.py", "ldn_site", "articles", "references", "templates", "static", "tests", "requirements.txt", "README.md", "Makefile"]:
        assert (clone / name).exists(), name


def test_ci_script_runs_the_readme_test_command(clone):
    assert "make test" in (clone / ".ci" / "run").read_text()
    assert "make test" in (clone / "README.md").read_text() and "make run" in (clone / "README.md").read_text()


@pytest.mark.server
def test_make_run_sets_up_and_serves_the_site_and_is_idempotent(clone):
    venv = str(Path(sys.prefix))
    port = serve.free_port()
    # Twice: the second run must find the content already there and add nothing.
    for _ in range(2):
        setup = subprocess.run(["make", "setup", f"VENV={venv}"], cwd=clone, capture_output=True, text=True, timeout=300)
        assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "0 reference(s) and 0 article(s) added" in setup.stdout
    server = subprocess.Popen(["make", "run", f"VENV={venv}", f"PORT={port}"], cwd=clone,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline, body = time.monotonic() + 60, None
        while time.monotonic() < deadline:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/naltrexone-for-analgesia/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert body is not None, "the site did not answer within 60 s"
        assert "Naltrexone for Analgesia" in body and 'id="ref-9"' in body
    finally:
        import os
        import signal

        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
