"""Debian's nginx with the repository's configuration (deploy/nginx/) in front of the real `make serve`.

One make serve and one nginx for the whole session (deploy/proxy.py, as `make serve-proxy` runs
them); each test reads what a browser would get through the proxy.
"""
import http.client
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest

from deploy import proxy, serve
from tests.admin_forms import change_form
from tests.conftest import production_secret_key, site_environ
from tests.test_serve import CSP, HSTS

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "/articles/naltrexone-for-analgesia/"
SECURITY = {"Strict-Transport-Security": HSTS, "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
            "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}


def request(port, path, method="GET", headers=None, body=None, source="127.0.0.1"):
    """(status, headers as a list, body) of one request, exactly as sent (no client library in between).

    source: the visitor's address, any of the loopback's 127.0.0.0/8."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
        response = connection.getresponse()
        return SimpleNamespace(status=response.status, headers=response.getheaders(), body=response.read(),
                               header=response.getheader)
    finally:
        connection.close()


def policy(value):
    return {part.split()[0]: part.split()[1:] for part in value.split(";") if part.strip()}


def assert_security_headers(answer):
    names = [name.lower() for name, _ in answer.headers]
    for name, value in {**SECURITY, "Content-Security-Policy": None}.items():
        assert names.count(name.lower()) == 1, f"{name} sent {names.count(name.lower())} times"
        if value:
            assert answer.header(name) == value, name
    assert policy(answer.header("Content-Security-Policy")) == CSP


def manage(env, *args):
    """The last line `manage.py` printed (the shell prints what it imported first)."""
    out = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    return (out.strip().splitlines() or [""])[-1]


@pytest.fixture(scope="session")
def site(tmp_path_factory, served_database):
    """make serve (production settings, a copy of the migrated and loaded database) and nginx in front, for the whole session."""
    folder = tmp_path_factory.mktemp("proxied")
    shutil.copyfile(served_database, folder / "db.sqlite3")
    app_port, port = serve.free_port(), serve.free_port()
    env = site_environ(
        DJANGO_SECRET_KEY=production_secret_key(), DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_ENV="production",
        SQLITE_PATH=str(folder / "db.sqlite3"), DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "media"), PAGE_CACHE_GENERATION_FILE=str(folder / "content-generation"),
        WEB_CONCURRENCY="2", DJANGO_SUPERUSER_PASSWORD="a-long-pass-phrase",
    )
    with serve.make_serve(app_port, env, folder / "serve.log"), proxy.nginx(None, port, [app_port]):
        manage(env, "createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org")
        yield SimpleNamespace(port=port, app_port=app_port, env=env, folder=folder)


class Browser:
    """A browser's cookies and form posts through the proxy (the cookies are Secure: kept by hand, as over HTTPS)."""

    def __init__(self, port, source="127.0.0.1", headers=None):
        self.port, self.cookies, self.source, self.headers = port, {}, source, headers or {}

    def send(self, path, method="GET", fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        headers.update(self.headers)
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://127.0.0.1",
                            "Referer": f"https://127.0.0.1{path}"})
        answer = request(self.port, path, method, headers, body, source=self.source)
        for name, value in answer.headers:
            if name.lower() == "set-cookie":
                cookie, _, _ = value.partition(";")
                self.cookies[cookie.split("=", 1)[0]] = cookie.split("=", 1)[1]
        answer.content = answer.body
        return answer

    get = send

    def post(self, path, fields):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.send(path).body.decode()).group(1)
        return self.send(path, "POST", {**fields, "csrfmiddlewaretoken": token})


@pytest.fixture
def editor(site):
    browser = Browser(site.port)
    answer = browser.post("/admin/login/?next=/admin/", {"username": "editor", "password": "a-long-pass-phrase"})
    assert answer.status == 302 and "sessionid" in browser.cookies
    return browser


def title(answer):
    return re.search(rb"<h1[^>]*>(.*?)</h1>", answer.body, re.S).group(1).strip().decode()


def test_a_page_is_served_from_the_proxy_cache(site):
    first = request(site.port, "/glossary/", headers={"Accept-Encoding": "gzip"})
    again = [request(site.port, "/glossary/", headers={"Accept-Encoding": "gzip"}) for _ in range(3)]
    assert first.status == 200 and {a.body for a in again} == {first.body}
    assert "HIT" in {a.header("X-Cache-Status") for a in again}
    assert again[-1].header("Cache-Control").startswith("public, max-age=0, s-maxage=1,")
    assert again[-1].header("ETag") == first.header("ETag") and again[-1].header("Content-Encoding") == "gzip"
    assert again[-1].header("X-Accel-Expires") is None  # meant for nginx, never passed on
    # Once the second is over, nginx asks the app with the ETag and keeps its copy on the 304.
    time.sleep(1.1)
    later = request(site.port, "/glossary/", headers={"Accept-Encoding": "gzip"})
    assert later.header("X-Cache-Status") in {"REVALIDATED", "HIT"} and later.body == first.body


def test_the_proxy_answers_a_browser_revalidating_with_a_304(site):
    page = request(site.port, ARTICLE)
    for sent in [{"If-None-Match": page.header("ETag")}, {"If-Modified-Since": page.header("Last-Modified")}]:
        answer = request(site.port, ARTICLE, headers=sent)
        assert answer.status == 304 and answer.body == b""
        assert_security_headers(answer)


def test_an_edit_in_the_admin_is_seen_through_the_proxy_within_a_second(site, editor):
    before = request(site.port, ARTICLE)
    assert request(site.port, ARTICLE).header("X-Cache-Status") in {"HIT", "REVALIDATED"}
    pk = manage(site.env, "shell", "-c", "from articles.models import Article; "
                f"print(Article.objects.get(slug='{ARTICLE.split('/')[2]}').pk)").strip()
    url = f"/admin/articles/article/{pk}/change/"
    form = change_form(editor, url)
    form.update(title="Edited through the proxy", _save="Save")
    answer = editor.post(url, form)
    assert answer.status == 302, answer.body[:3000]
    saved = time.monotonic()
    while title(request(site.port, ARTICLE)) != "Edited through the proxy":
        assert time.monotonic() - saved < 1.0, "the edit was not seen through the proxy within 1 s"
        time.sleep(0.02)
    assert before.body != request(site.port, ARTICLE).body


def test_a_staff_session_is_never_cached_nor_given_the_public_copy(site, editor):
    public = request(site.port, "/references/")
    for _ in range(3):
        staff = editor.get("/references/")
        assert staff.status == 200 and staff.header("X-Cache-Status") == "BYPASS"
        assert "private" in staff.header("Cache-Control") and staff.header("ETag") is None
        admin = editor.get("/admin/")
        assert admin.status == 200 and admin.header("X-Cache-Status") == "BYPASS" and "private" in admin.header("Cache-Control")
    for _ in range(2):
        anonymous = request(site.port, "/admin/")
        assert anonymous.status == 302 and anonymous.header("X-Cache-Status") in {"MISS", None}
    after = request(site.port, "/references/")
    # The proxy's own copy (REVALIDATED: its second was over, and the app said 304).
    assert after.header("X-Cache-Status") in {"HIT", "REVALIDATED"} and after.header("Cache-Control").startswith("public")
    assert after.header("ETag") == public.header("ETag")


def test_a_draft_never_leaks_through_the_proxy(site, editor):
    slug = "ldn-invisible-pain"
    assert request(site.port, f"/articles/{slug}/").status == 200
    assert request(site.port, f"/articles/{slug}/").header("X-Cache-Status") in {"HIT", "REVALIDATED"}
    pk = manage(site.env, "shell", "-c", f"from articles.models import Article; a = Article.objects.get(slug='{slug}'); "
                "a.status = 'draft'; a.save(); print(a.pk)").strip()
    try:
        withdrawn = time.monotonic()
        while request(site.port, f"/articles/{slug}/").status != 404:
            assert time.monotonic() - withdrawn < 1.0, "the withdrawn article was still served after 1 s"
            time.sleep(0.02)
        preview = editor.get(f"/admin/articles/article/{pk}/preview/")
        assert preview.status == 200 and b"Preview of a draft" in preview.body and preview.header("X-Cache-Status") == "BYPASS"
        for path in [f"/articles/{slug}/", f"/admin/articles/article/{pk}/preview/"]:
            answer = request(site.port, path)
            assert answer.status in {302, 404} and b"Preview of a draft" not in answer.body, path
        assert f"/articles/{slug}/".encode() not in request(site.port, "/").body
    finally:
        manage(site.env, "shell", "-c", f"from articles.models import Article; a = Article.objects.get(slug='{slug}'); "
               "a.status = 'published'; a.save()")


@pytest.mark.parametrize("what, path, headers, status", [
    ("a page", ARTICLE, {}, 200),
    ("a page again (from the cache)", ARTICLE, {}, 200),
    ("the admin login", "/admin/login/", {}, 200),
    ("a missing page", "/no-such-page/", {}, 404),
    ("a search", "/search/?q=naltrexone", {}, 200),
    ("gunicorn's own 414", "/" + "a" * 5000, {}, 414),
    ("nginx's own 414", "/" + "a" * 9000, {}, 414),
    # An address no earlier test asked for: "/" may still be in nginx's cache, which answers 200 without gunicorn.
    ("gunicorn's own answer to too many header fields", "/?too-many-header-fields", {f"X-Extra-{n}": "1" for n in range(120)}, None),
])
def test_every_answer_carries_the_security_headers_once(site, what, path, headers, status):
    answer = request(site.port, path, headers=headers)
    assert answer.status == status if status else answer.status >= 400, what
    assert_security_headers(answer)


def test_a_login_flood_through_the_proxy_is_refused_by_nginx_in_words(site):
    """40 wrong-password POSTs, 10 at a time, from one address; the form and the public pages still answer.

    Through an nginx of its own and from an address of its own (127.0.0.2), so the limits it fills
    are not the ones the session's other logins go through."""
    from concurrent.futures import ThreadPoolExecutor

    port, visitor = serve.free_port(), "127.0.0.2"
    log = site.folder / "serve.log"
    app_saw = lambda: sum(line.startswith(f"{visitor} via") and '"POST /admin/login/' in line for line in log.read_text().splitlines())  # noqa: E731
    with proxy.nginx(None, port, [site.app_port]):
        attacker = Browser(port, source=visitor)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', attacker.get("/admin/login/").body.decode()).group(1)
        before = app_saw()
        guesses = [{"csrfmiddlewaretoken": token, "username": f"nobody-{n}", "password": f"guess-{n}"} for n in range(40)]
        with ThreadPoolExecutor(10) as pool:
            answers = list(pool.map(lambda fields: attacker.send("/admin/login/?next=/admin/", "POST", fields), guesses))
        refused = [a for a in answers if a.status == 429 and b"<h1>Too many attempts to log in</h1>" in a.body]
        assert len(refused) >= 25, sorted(a.status for a in answers)
        for answer in refused:
            assert answer.header("Content-Type") == "text/html; charset=utf-8"
            assert b"Wait a minute, then <a href=\"/admin/login/\">open the login form again</a>" in answer.body
            assert b"/static/" not in answer.body  # nginx's own page, not the app's
            assert_security_headers(answer)
        # Refused before the app did any work: at most nginx's burst of 10 (and one more as time passes) reached it.
        assert app_saw() - before <= 12, app_saw() - before
        form = request(port, "/admin/login/", source=visitor)
        assert form.status == 200 and b'name="password"' in form.body
        for path in [ARTICLE, "/glossary/", "/search/?q=naltrexone"]:
            assert request(port, path, source=visitor).status == 200, path


# docs/deployment.md, "Behind a CDN or a load balancer": here the front is 127.0.0.3.
REAL_IP = """
        set_real_ip_from 127.0.0.3;
        real_ip_header X-Forwarded-For;
"""


def test_behind_a_trusted_front_the_login_limit_counts_each_visitor_not_the_front(site):
    """Two visitors' login POSTs arrive through one front (a CDN, a load balancer) that names them in
    X-Forwarded-For: one visitor's flood fills that visitor's limit only. A client that is not the
    front cannot choose its address by sending the header itself."""
    port = serve.free_port()
    log = site.folder / "serve.log"

    def app_saw(visitor):
        """Login POSTs gunicorn logged from `visitor`: the last X-Forwarded-For entry, the one the app believes."""
        return sum(" via " in line and line.split(" via ")[0].split(", ")[-1] == visitor and '"POST /admin/login/' in line
                   for line in log.read_text().splitlines())

    def post(browser, n):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get("/admin/login/").body.decode()).group(1)
        answer = browser.send("/admin/login/?next=/admin/", "POST", {"csrfmiddlewaretoken": token, "username": f"nobody-{n}", "password": "guess"})
        return "nginx" if answer.status == 429 and b"/static/" not in answer.body else f"app {answer.status}"

    with proxy.nginx(None, port, [site.app_port], extra=REAL_IP):
        flooder = Browser(port, source="127.0.0.3", headers={"X-Forwarded-For": "198.51.100.10"})
        answers = [post(flooder, n) for n in range(16)]
        assert answers.count("nginx") >= 3, answers  # nginx's burst of 10 for that visitor, then refused
        other = Browser(port, source="127.0.0.3", headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.11"})
        assert [post(other, n) for n in range(3)] == ["app 200"] * 3  # the form again: wrong password
        # Not the front: the header is ignored and the connection's own address is the visitor's.
        stranger = Browser(port, source="127.0.0.4", headers={"X-Forwarded-For": "198.51.100.12"})
        post(stranger, 0)
        # The app counts the same visitors: nginx passes on the address it learned (the last entry).
        # (gunicorn's access log reaches the file a moment after the answer.)
        deadline = time.monotonic() + 10
        while app_saw("127.0.0.4") < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (app_saw("198.51.100.11"), app_saw("127.0.0.4"), app_saw("198.51.100.12")) == (3, 1, 0)
        assert app_saw("198.51.100.10") >= 10


def test_a_static_file_carries_them_too_and_is_kept_by_the_proxy(site):
    stylesheet = re.search(rb'href="(/static/css/site[^"]*\.css)"', request(site.port, "/").body).group(1).decode()
    for encoding in ["br, gzip", "gzip", ""]:
        answers = [request(site.port, stylesheet, headers={"Accept-Encoding": encoding}) for _ in range(2)]
        assert [a.status for a in answers] == [200, 200] and answers[1].header("X-Cache-Status") == "HIT"  # kept a year
        assert answers[1].header("Content-Encoding") == ({"br, gzip": "br", "gzip": "gzip"}.get(encoding))
        assert answers[1].header("Cache-Control") == "max-age=315360000, public, immutable"
        assert_security_headers(answers[1])


def test_the_app_down_gives_the_last_good_page_and_an_error_with_the_headers(site, tmp_path):
    from tests.tcp_proxy import TCPProxy

    link = TCPProxy("127.0.0.1", site.app_port)
    port = serve.free_port()
    try:
        with proxy.nginx(None, port, [link.port]):
            good = request(port, ARTICLE)
            link.cut("refuse")
            time.sleep(1.1)  # past the page's freshness: nginx must ask, and cannot
            stale = request(port, ARTICLE)
            assert stale.status == 200 and stale.body == good.body and stale.header("X-Cache-Status") == "STALE"
            error = request(port, "/glossary/")  # never cached: nothing to fall back on
            assert error.status == 502
            assert_security_headers(error)
    finally:
        link.close()


def test_odd_requests_through_the_proxy_neither_break_nor_poison_the_cache(site):
    normal = request(site.port, ARTICLE)
    odd = [
        {"X-Forwarded-Host": "evil.example"}, {"Host": "127.0.0.1:6666"}, {"Cache-Control": "no-cache", "Pragma": "no-cache"},
        {"If-None-Match": "garbage"}, {"If-Modified-Since": "yesterday"}, {"Range": "bytes=0-99"}, {"Range": "bytes=oops"},
        {"Accept-Encoding": "identity, x-nonsense"}, {"Cookie": "csrftoken=abc; other=1"},
    ]
    for headers in odd:
        answer = request(site.port, ARTICLE, headers=headers)
        if answer.status == 206:  # nginx may answer a range from its copy: the right bytes of the same page
            assert answer.body == normal.body[:100], headers
        else:
            assert answer.status == 200 and answer.body == normal.body, headers
        assert b"evil.example" not in answer.body
        after = request(site.port, ARTICLE)
        assert after.status == 200 and after.body == normal.body and b"evil.example" not in after.body, headers
    assert request(site.port, ARTICLE, headers={"Host": "evil.example"}).status == 400


def test_the_configuration_knows_the_session_cookie_and_the_app_s_headers():
    from django.conf import settings

    from django.urls import reverse

    site_conf = (ROOT / "deploy" / "nginx" / "site.conf").read_text()
    assert f"$cookie_{settings.SESSION_COOKIE_NAME}" in site_conf
    assert f"location = {reverse('admin:login')} {{" in site_conf
    sent = dict(re.findall(r'^add_header ([\w-]+) "([^"]*)" always;', site_conf, re.M))
    for name, value in SECURITY.items():
        assert sent[name] == value
    assert policy(sent["Content-Security-Policy"]) == CSP


@pytest.fixture
def postgres_and_redis():
    """A PostgreSQL database of its own beside the suite's (DATABASE_URL) and the suite's Redis (REDIS_URL)."""
    import os
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not url.startswith("postgres") or not redis_url:
        pytest.skip("runs when the suite runs on PostgreSQL and Redis (DATABASE_URL, REDIS_URL); CI runs it there")
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_two_servers"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}"')
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), redis_url, f"two-servers-{uuid.uuid4().hex}"
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_app_servers_behind_one_nginx_show_an_edit_within_a_second(postgres_and_redis, tmp_path):
    database_url, redis_url, prefix = postgres_and_redis
    env = site_environ(
        DJANGO_SECRET_KEY=production_secret_key(), DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_ENV="production",
        DATABASE_URL=database_url, REDIS_URL=redis_url, CACHE_KEY_PREFIX=prefix, WEB_CONCURRENCY="2",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"), DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
    )
    first, second, port = serve.free_port(), serve.free_port(), serve.free_port()
    # The first server migrates and loads the content; the second finds it there (docs/deployment.md).
    with serve.make_serve(first, env, tmp_path / "first.log"), serve.make_serve(second, env, tmp_path / "second.log"), \
            proxy.nginx(None, port, [first, second]):
        for app in (first, second):
            direct = request(app, ARTICLE, headers={"X-Forwarded-Proto": "https"})
            assert direct.status == 200 and direct.header("Cache-Control").startswith("public")
        before = title(request(port, ARTICLE))
        assert request(port, ARTICLE).header("X-Cache-Status") in {"HIT", "REVALIDATED"}
        manage(env, "shell", "-c", f"from articles.models import Article; a = Article.objects.get(slug='{ARTICLE.split('/')[2]}'); "
               "a.title = 'Edited on a third machine'; a.save()")
        saved = time.monotonic()
        while title(request(port, ARTICLE)) != "Edited on a third machine":
            assert time.monotonic() - saved < 1.0, "the edit was not seen through the proxy within 1 s"
            time.sleep(0.02)
        # Both servers answer the new page now (one Redis, one generation), whichever nginx asks.
        for app in (first, second):
            assert title(request(app, ARTICLE, headers={"X-Forwarded-Proto": "https"})) == "Edited on a third machine"
        assert before != "Edited on a third machine"
