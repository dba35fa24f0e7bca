"""The database goes away: a real server answers a friendly 503, then recovers by itself.

Each test runs the site in its own process (manage.py runserver, DEBUG off), takes its database
away for real and brings it back, without restarting the server.
"""
import http.client
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

from .tcp_proxy import TCPProxy

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "/articles/ldn-invisible-pain/"


class Server:
    """The site served by `manage.py runserver` in a child process, with `env` on top of ours."""

    def __init__(self, env, log_path):
        self.port = free_port()
        self.env = {**site_environment(), "DJANGO_DEBUG": "false", **env}
        self.log = open(log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.cookies = {}
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.get("/robots.txt").status == 200:
                    break
            except OSError:
                pass
            assert self.process.poll() is None, f"the server stopped: {Path(log_path).read_text()}"
            assert time.monotonic() < deadline, f"the server did not start: {Path(log_path).read_text()}"
            time.sleep(0.1)

    def request(self, method, path, body=None, headers=None, timeout=15):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode()
        connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def timed_get(self, path):
        started = time.monotonic()
        response = self.get(path)
        return response, time.monotonic() - started

    def log_in(self, username, password):
        form = self.get("/admin/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/admin/"})
        response = self.request("POST", "/admin/login/", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status == 302, response.text

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_environment():
    """Our environment without the test run's database and cache: each test says which it uses."""
    return {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**site_environment(), **env}, check=True, capture_output=True)


def assert_friendly_unavailable(response):
    """What a patient (and a proxy, and a crawler) must see while the database is away."""
    assert response.status == 503, response.text[:500]
    assert response.getheader("Retry-After") == "60"
    assert "no-store" in response.getheader("Cache-Control")
    assert "text/html" in response.getheader("Content-Type")
    text = re.sub(r"\s+", " ", response.text)
    assert "This site is briefly unavailable" in text
    assert "try again in a minute" in text
    assert "contact your doctor, or call the emergency services" in text
    assert "/static/css/site." in text  # in the site's own style
    for leak in ("Traceback", "OperationalError", "InterfaceError", "sqlite", "psycopg", "Server Error"):
        assert leak not in response.text


def wait_for(server, path, status, timeout=15):
    """Seconds until `path` answers `status` (polling), the response, or a failure."""
    started = time.monotonic()
    while True:
        response = server.get(path)
        if response.status == status:
            return time.monotonic() - started, response
        assert time.monotonic() - started < timeout, f"{path} still answers {response.status}"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    """A migrated, seeded SQLite database in a folder of its own, served by a separate process."""
    folder = tmp_path_factory.mktemp("outage") / "data"
    folder.mkdir()
    env = {"SQLITE_PATH": str(folder / "db.sqlite3")}
    manage(env, "migrate", "--noinput")
    manage(env, "load_content")
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": "a long staff password"},
           "createsuperuser", "--noinput", "--username", "staff", "--email", "staff@example.org")
    server = Server(env, folder.parent / "server.log")
    yield server, folder
    server.stop()


def test_sqlite_database_moved_away_gives_friendly_503_then_recovers(sqlite_site):
    server, folder = sqlite_site
    server.log_in("staff", "a long staff password")
    assert server.get("/references/").status == 200

    away = folder.with_name("data-away")
    folder.rename(away)  # the database file is gone: it cannot even be opened
    try:
        slowest = 0
        for path in ("/", ARTICLE, "/glossary/", "/search/?q=naltrexone", "/feed/", "/admin/"):
            response, seconds = server.timed_get(path)
            assert_friendly_unavailable(response)
            slowest = max(slowest, seconds)
        print(f"\nSQLite: 503 within {slowest * 1000:.0f} ms")
    finally:
        away.rename(folder)

    recovery, response = wait_for(server, "/", 200)
    print(f"SQLite: recovered {recovery * 1000:.0f} ms after the file came back")
    assert "Low-dose naltrexone" in response.text
    assert server.get(ARTICLE).status == 200
    admin = server.get("/admin/")
    assert admin.status == 200 and "Site administration" in admin.text  # still logged in
    assert server.process.poll() is None  # the same server, never restarted


def test_admin_login_while_database_is_away_is_a_friendly_503(sqlite_site):
    server, folder = sqlite_site
    server.cookies.clear()
    form = server.get("/admin/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    away = folder.with_name("data-away")
    folder.rename(away)
    try:
        body = urllib.parse.urlencode({"username": "staff", "password": "a long staff password", "csrfmiddlewaretoken": token})
        response = server.request("POST", "/admin/login/", body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert_friendly_unavailable(response)
    finally:
        away.rename(folder)
