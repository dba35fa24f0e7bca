"""The database goes away: the production server answers a friendly 503, then recovers by itself.

Each test runs `make serve` (gunicorn, production settings) in its own process group, takes its
database away for real and brings it back, without restarting anything.
"""
import http.client
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

from deploy import serve
from tests.conftest import production_secret_key, site_environ
from tests.tcp_proxy import TCPProxy

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "/articles/ldn-invisible-pain/"
STAFF_PASSWORD = "a long staff pass phrase"
# Pages asked for while the database is away. None of them is asked for before, so no cache
# (a page cache may keep pages that were served) can answer in the database's place.
PAGES_DURING_OUTAGE = ("/", ARTICLE, "/glossary/", "/search/?q=naltrexone", "/feed/", "/sitemap.xml", "/admin/")


class Server:
    """`make serve` on a free port, with production settings and `variables` on top."""

    def __init__(self, folder, **variables):
        self.port = serve.free_port()
        self.origin = f"https://127.0.0.1:{self.port}"
        self.environ = site_environ(
            DJANGO_ENV="production",
            DJANGO_SECRET_KEY=production_secret_key(),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_STATIC_ROOT=str(folder / "static"),
            DJANGO_MEDIA_ROOT=str(folder / "media"),
            PORT=str(self.port),
            WEB_CONCURRENCY="2",
            **variables,
        )
        self.log_path = folder / "server.log"
        with open(self.log_path, "w") as log:
            self.process = serve.start(self.environ, log, venv=Path(sys.executable).parent.parent)
        self.cookies = {}
        serve.wait_until_answering(self.process, self.port, self.log_path, timeout=180)

    def request(self, method, path, body=None, headers=None, timeout=30):
        """One request as the TLS proxy in front of gunicorn sends it; cookies kept like a browser."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        sent = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        response.text = response.read().decode()
        connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def timed_get(self, path):
        started = time.monotonic()
        response = self.get(path)
        return response, time.monotonic() - started

    def post_login(self, username, password):
        form = self.get("/admin/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        return self.request("POST", "/admin/login/?next=/admin/", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin, "Referer": f"{self.origin}/admin/login/",
        })

    def create_staff(self):
        manage = [sys.executable, "manage.py", "createsuperuser", "--noinput", "--username", "staff", "--email", "staff@example.org"]
        subprocess.run(manage, cwd=ROOT, env={**self.environ, "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD},
                       check=True, capture_output=True, timeout=60)

    def stop(self):
        serve.stop(self.process)


def assert_friendly_unavailable(response):
    """What a patient (and a proxy, and a crawler) must see while the database is away."""
    assert response.status == 503, response.text[:500]
    assert response.getheader("Retry-After") == "60"
    assert "no-store" in response.getheader("Cache-Control")
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Strict-Transport-Security")  # still the site's security headers
    text = re.sub(r"\s+", " ", response.text)
    assert "<h1>This site is briefly unavailable</h1>" in text
    assert "Please try again in a minute." in text
    assert "If you need urgent medical help, contact your doctor, or call the emergency services." in text
    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', text)  # in the site's own style
    for leak in ("Traceback", "OperationalError", "InterfaceError", "sqlite", "psycopg", "Server Error"):
        assert leak not in response.text


def pages_during_outage(server):
    """Every page answers the friendly 503; the slowest answer, in seconds."""
    slowest = 0
    for path in PAGES_DURING_OUTAGE:
        response, seconds = server.timed_get(path)
        assert_friendly_unavailable(response)
        slowest = max(slowest, seconds)
    return slowest


def seconds_until(server, path, status, timeout=30):
    """Seconds until `path` answers `status` (asking every 50 ms), and that response."""
    started = time.monotonic()
    while True:
        response = server.get(path)
        if response.status == status:
            return time.monotonic() - started, response
        assert time.monotonic() - started < timeout, f"{path} still answers {response.status}"
        time.sleep(0.05)


def assert_recovered(server):
    """The site works again, the staff member is still signed in, and nothing was restarted."""
    recovery, response = seconds_until(server, "/", 200)
    assert "Low-Dose Naltrexone" in response.text
    for path in PAGES_DURING_OUTAGE:
        response = server.get(path)
        assert response.status == 200, path
    assert "Site administration" in server.get("/admin/").text
    assert server.process.poll() is None
    return recovery


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory, served_database):
    """make serve on a SQLite file in a folder of its own (a copy of the loaded one), a connection per request."""
    folder = tmp_path_factory.mktemp("outage")
    data = folder / "data"
    data.mkdir()
    shutil.copyfile(served_database, data / "db.sqlite3")
    server = Server(folder, SQLITE_PATH=str(data / "db.sqlite3"), DB_CONN_MAX_AGE="0")
    server.create_staff()
    yield server, data
    server.stop()


def test_sqlite_file_gone_gives_a_friendly_503_then_the_site_recovers_by_itself(sqlite_site):
    server, data = sqlite_site
    assert server.post_login("staff", STAFF_PASSWORD).status == 302
    away = data.with_name("data-away")
    data.rename(away)  # the database file is gone: it cannot even be opened
    try:
        slowest = pages_during_outage(server)
    finally:
        away.rename(data)
    recovery = assert_recovered(server)
    print(f"\nSQLite file gone: 503 within {slowest * 1000:.0f} ms; back {recovery * 1000:.0f} ms after it returned")


def test_admin_sign_in_while_the_database_is_away_is_a_friendly_503(sqlite_site):
    server, data = sqlite_site
    server.cookies.clear()
    server.get("/admin/login/")
    away = data.with_name("data-away")
    data.rename(away)
    try:
        assert_friendly_unavailable(server.post_login("staff", STAFF_PASSWORD))
    finally:
        away.rename(data)
    assert server.post_login("staff", STAFF_PASSWORD).status == 302


@pytest.fixture
def postgres_site(transactional_db, tmp_path):
    """make serve on the test database, through a proxy the test can cut; persistent connections
    with health checks, as production runs (DB_CONN_MAX_AGE defaults to 60 there)."""
    if connection.vendor != "postgresql":
        pytest.skip("runs when the suite runs on PostgreSQL (DATABASE_URL); CI runs it there")
    database = connection.settings_dict
    proxy = TCPProxy(database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    url = f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}"
    server = Server(tmp_path, DATABASE_URL=url)  # make serve loads the content into it
    server.create_staff()
    yield server, proxy
    server.stop()
    proxy.close()


@pytest.mark.parametrize("how", ["refuse", "hang"])
def test_postgresql_unreachable_gives_a_friendly_503_then_the_site_recovers_by_itself(postgres_site, how):
    server, proxy = postgres_site
    assert server.post_login("staff", STAFF_PASSWORD).status == 302
    for _ in range(4):  # both workers hold a persistent connection now
        assert server.get("/references/").status == 200

    proxy.cut(how)  # open connections break; new ones are refused, or never answered
    slowest = pages_during_outage(server)
    proxy.restore()
    recovery = assert_recovered(server)
    print(f"\nPostgreSQL {how}: 503 within {slowest:.2f} s; back {recovery * 1000:.0f} ms after it returned")
