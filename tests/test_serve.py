"""`make serve` for real: gunicorn in production mode, as the TLS proxy in front of it sees it."""
import http.client
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from deploy import serve
from tests.conftest import production_secret_key, site_environ

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
# `make serve` runs with this interpreter's environment as the project's venv (installed already).
VENV = Path(sys.executable).parent.parent
HSTS = "max-age=31536000; includeSubDomains; preload"
CSP = {
    "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'"],
    "font-src": ["'self'"], "connect-src": ["'self'"], "object-src": ["'none'"], "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"], "form-action": ["'self'"],
}


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.getheader("Content-Security-Policy") or ""
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def request(port, path, *, https=True, method="GET", headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Host": f"127.0.0.1:{port}", **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


@pytest.fixture(scope="module")
def served(tmp_path_factory, served_database):
    """One production server for the whole module, on a copy of the migrated and loaded database."""
    folder = tmp_path_factory.mktemp("serve")
    shutil.copyfile(served_database, folder / "db.sqlite3")
    port = serve.free_port()
    environ = site_environ(
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=production_secret_key(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SQLITE_PATH=str(folder / "db.sqlite3"),
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "media"),
        PORT=str(port),
        WEB_CONCURRENCY="2",
    )
    with serve.make_serve(port, environ, folder / "serve.log", venv=VENV, timeout=180):
        yield SimpleNamespace(port=port, environ=environ)


@pytest.mark.parametrize("path, status", [("/articles/ldn-invisible-pain/", 200), ("/admin/login/", 200),
                                          ("/no-such-page/", 404), ("/static/css/site.css", 200)])
def test_every_response_carries_the_security_headers(served, path, status):
    response, body = request(served.port, path)
    assert response.status == status
    assert policy(response) == CSP
    assert response.getheader("Strict-Transport-Security") == HSTS
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "same-origin"
    assert response.getheader("Cross-Origin-Opener-Policy") == "same-origin"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert response.getheader("Server") == "gunicorn"


def test_plain_http_is_redirected_to_https(served):
    response, _ = request(served.port, "/glossary/?q=1", https=False)
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{served.port}/glossary/?q=1"
    assert policy(response) == CSP and response.getheader("X-Frame-Options") == "DENY"


def test_static_files_have_hashed_names_compressed_and_cached_for_ever(served):
    _, body = request(served.port, "/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body.decode()).group(1)
    for accepted, encoding in [("br, gzip", "br"), ("gzip", "gzip")]:
        response, content = request(served.port, stylesheet, headers={"Accept-Encoding": accepted})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == encoding
        assert response.getheader("Cache-Control") == "max-age=315360000, public, immutable"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
    plain, content = request(served.port, stylesheet)
    assert plain.getheader("Content-Encoding") is None and b"{" in content


def test_session_and_csrf_cookies_are_secure_and_the_session_is_http_only(served):
    manage = [sys.executable, "manage.py", "createsuperuser", "--noinput", "--username", "sam", "--email", "s@example.org"]
    created = subprocess.run(manage, cwd=ROOT, env={**served.environ, "DJANGO_SUPERUSER_PASSWORD": "a-long-pass-phrase"},
                             capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    response, body = request(served.port, "/admin/login/")
    [csrf_cookie] = response.headers.get_all("Set-Cookie")
    assert csrf_cookie.startswith("csrftoken=") and "; Secure" in csrf_cookie
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
    origin = f"https://127.0.0.1:{served.port}"
    response, _ = request(
        served.port,
        "/admin/login/?next=/admin/",
        method="POST",
        headers={"Cookie": csrf_cookie.split(";")[0], "Origin": origin, "Referer": f"{origin}/admin/login/",
                 "Content-Type": "application/x-www-form-urlencoded"},
        body=f"csrfmiddlewaretoken={token}&username=sam&password=a-long-pass-phrase",
    )
    assert response.status == 302 and response.getheader("Location") == "/admin/"
    [session_cookie] = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("sessionid=")]
    assert "; Secure" in session_cookie and "; HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


@pytest.mark.parametrize(
    "variables, problem",
    [
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG is on: set DJANGO_DEBUG=false"),
        ({"DJANGO_SECRET_KEY": "dev-only-insecure-key-change-me"}, "DJANGO_SECRET_KEY is the development key"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS is empty"),
    ],
)
def test_make_serve_refuses_to_start_unsafely_and_says_what_to_set(tmp_path, variables, problem):
    complete = {"DJANGO_SECRET_KEY": production_secret_key(), "DJANGO_ALLOWED_HOSTS": "ldn.example.org"}
    environ = site_environ(**complete, SQLITE_PATH=str(tmp_path / "db.sqlite3"), PORT=str(serve.free_port()))
    environ.update(variables)
    process = serve.start(environ, subprocess.PIPE, venv=VENV)
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Refusing to start in production (DJANGO_ENV=production) until this is fixed:" in output
    assert problem in output
    assert not (tmp_path / "db.sqlite3").exists(), "refused before touching the database"


def test_gunicorn_on_its_own_refuses_too(tmp_path):
    venv = Path(sys.executable).parent
    result = subprocess.run(
        [str(venv / "gunicorn"), "--check-config"],
        cwd=ROOT,
        env=site_environ(SQLITE_PATH=str(tmp_path / "db.sqlite3")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr and "Traceback" not in result.stderr


def test_pages_are_compressed_and_a_cached_copy_keeps_every_header(served):
    import gzip

    path = "/articles/naltrexone-for-analgesia/"
    answers = [request(served.port, path, headers={"Accept-Encoding": "gzip"}) for _ in range(6)]  # each worker caches it
    # X-Accel-Expires names the current second; everything else is the same, whichever worker answered.
    headers = [{k: v for k, v in response.getheaders() if k not in {"Date", "X-Accel-Expires"}} for response, _ in answers]
    assert [h for h in headers if h != headers[0]] == []
    assert headers[0]["Content-Encoding"] == "gzip" and headers[0]["Strict-Transport-Security"] == HSTS
    assert "script-src 'self'" in headers[0]["Content-Security-Policy"]
    # Compressed without BREACH padding (no cookie, no secret): the same bytes in every worker, as the ETag says.
    assert len({content for _, content in answers}) == 1 and b"</html>" in gzip.decompress(answers[0][1])


def test_a_page_is_revalidated_with_a_304_from_any_worker(served):
    path = "/articles/naltrexone-for-analgesia/"
    page, body = request(served.port, path, headers={"Accept-Encoding": "gzip"})
    assert page.getheader("Cache-Control").startswith("public, max-age=0, s-maxage=")
    for _ in range(6):
        answer, content = request(served.port, path, headers={"Accept-Encoding": "gzip", "If-None-Match": page.getheader("ETag")})
        assert answer.status == 304 and content == b""
        assert answer.getheader("ETag") == page.getheader("ETag") and answer.getheader("Strict-Transport-Security") == HSTS
        assert policy(answer) == CSP and answer.getheader("X-Accel-Expires").startswith("@")
    for _ in range(2):  # a HEAD, and an unreadable validator, get the page's headers or the whole page
        head, content = request(served.port, path, method="HEAD", headers={"Accept-Encoding": "gzip"})
        assert head.status == 200 and content == b"" and head.getheader("Content-Length") == page.getheader("Content-Length")
        odd, content = request(served.port, path, headers={"Accept-Encoding": "gzip", "If-None-Match": '"broken'})
        assert odd.status == 200 and content == body
