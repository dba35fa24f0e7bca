"""Public pages say how browsers, the proxy and CDNs may keep them, and answer conditional GETs with 304s.

Each test runs twice: through Django's handler (the page-cache middleware, as the test client goes)
and through the WSGI entry point gunicorn runs (pagecache/wsgi.py answers hits before Django).
"""
import gzip
import io
import time
from email.utils import format_datetime, parsedate_to_datetime
from datetime import datetime, timedelta, timezone

import pytest
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory

from articles.models import Article
from glossary.models import Term
from pagecache.wsgi import CachedPages

ARTICLE = "/articles/article-1/"
PUBLIC = "public, max-age=0, s-maxage=1, stale-while-revalidate=1, stale-if-error=86400"


class Answer:
    """status, headers (a dict, case-insensitive names) and body, whichever way the request went."""

    def __init__(self, status, headers, body):
        self.status_code, self.content = status, body
        self.headers = {name.lower(): value for name, value in headers}

    def __getitem__(self, name):
        return self.headers[name.lower()]

    def get(self, name, default=None):
        return self.headers.get(name.lower(), default)


class WSGIClient:
    """Requests through ldn_site.wsgi's application, as gunicorn calls it."""

    def __init__(self):
        self.application = CachedPages(WSGIHandler())
        self.factory = RequestFactory()

    def request(self, method, path, **headers):
        environ = getattr(self.factory, method.lower())(path, **headers).environ
        environ.setdefault("wsgi.input", io.BytesIO(b""))
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=int(status[:3]), headers=headers)

        # As Django's test client does: the test's database connection must outlive the request.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            answer_body = self.application(environ, start_response)
            body = b"".join(answer_body)
            getattr(answer_body, "close", lambda: None)()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return Answer(answer["status"], answer["headers"], body if method != "HEAD" else b"")


class DjangoClient:
    def __init__(self):
        self.client = Client()

    def request(self, method, path, **headers):
        response = getattr(self.client, method.lower())(path, **headers)
        return Answer(response.status_code, response.items(), response.content)


@pytest.fixture(params=["django", "wsgi"])
def reader(request, make_content):
    make_content(2)
    client = DjangoClient() if request.param == "django" else WSGIClient()
    return lambda path, method="GET", **headers: client.request(method, path, **headers)


def test_a_public_page_says_browsers_revalidate_and_shared_caches_keep_it_briefly(reader):
    for answer in (reader(ARTICLE), reader(ARTICLE)):  # rendered, then from the cache
        assert answer.status_code == 200
        assert answer["Cache-Control"] == PUBLIC
        assert answer["Vary"] == "Accept-Encoding"
        assert answer["ETag"].startswith('"') and answer["ETag"].endswith('"')  # strong: never W/
        modified = parsedate_to_datetime(answer["Last-Modified"])
        assert datetime.now(timezone.utc) - timedelta(minutes=1) < modified <= datetime.now(timezone.utc)
        # nginx: fresh only until the end of the current second, never a whole second old.
        assert abs(int(answer["X-Accel-Expires"].removeprefix("@")) - time.time()) <= 1


def test_the_lifetimes_come_from_the_settings(reader, settings):
    settings.PAGE_CACHE_SHARED_MAX_AGE = 30
    settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 5
    settings.PAGE_CACHE_STALE_IF_ERROR = 600
    answer = reader("/glossary/")
    assert answer["Cache-Control"] == "public, max-age=0, s-maxage=30, stale-while-revalidate=5, stale-if-error=600"
    assert abs(int(answer["X-Accel-Expires"].removeprefix("@")) - (time.time() + 29)) <= 1


def test_the_etag_names_the_exact_bytes_of_each_copy(reader):
    plain, again = reader("/glossary/"), reader("/glossary/")
    zipped = reader("/glossary/", HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain.content
    assert plain["ETag"] == again["ETag"] and plain["ETag"] != zipped["ETag"]
    assert reader("/").get("ETag") not in (plain["ETag"], zipped["ETag"])


def test_compressed_pages_are_the_same_bytes_after_every_render(reader):
    from pagecache import generation

    first = reader(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")
    for _ in range(3):
        generation.bump()  # a new generation: rendered and compressed again
        again = reader(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")
        assert again.content == first.content and again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == first["Last-Modified"]  # the bytes did not change, nor does their date


def test_an_edit_changes_the_etag_of_the_pages_it_changes_only(reader):
    article, robots = reader(ARTICLE), reader("/robots.txt")
    time.sleep(1.01)  # Last-Modified counts whole seconds
    Article.objects.filter(slug="article-1").update(title="Retitled")
    Term.objects.get(slug="widget1").save()  # any content save starts a new generation
    edited = reader(ARTICLE)
    assert edited["ETag"] != article["ETag"] and edited["Last-Modified"] != article["Last-Modified"]
    assert reader(ARTICLE, HTTP_IF_NONE_MATCH=article["ETag"]).status_code == 200
    assert reader("/robots.txt")["ETag"] == robots["ETag"]
    assert reader("/robots.txt", HTTP_IF_NONE_MATCH=robots["ETag"]).status_code == 304


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_matching_if_none_match_gets_a_304_with_no_body(reader, method):
    page = reader(ARTICLE)
    for sent in [page["ETag"], f"W/{page['ETag']}", f'"other", {page["ETag"]}', "*"]:
        answer = reader(ARTICLE, method, HTTP_IF_NONE_MATCH=sent)
        assert answer.status_code == 304, sent
        assert answer.content == b""
        for name in ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Security-Policy", "X-Frame-Options"):
            assert answer[name] == page[name], name
        assert answer.get("Content-Type") is None and answer.get("Content-Length") is None
        assert answer["X-Accel-Expires"].startswith("@")


def test_the_first_request_after_a_render_is_answered_conditionally_too(reader):
    from pagecache import generation

    etag = reader(ARTICLE)["ETag"]
    generation.bump()  # the next request renders
    assert reader(ARTICLE, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_if_modified_since_gets_a_304_unless_the_page_is_newer_and_if_none_match_wins(reader):
    page = reader(ARTICLE)
    modified = parsedate_to_datetime(page["Last-Modified"])
    assert reader(ARTICLE, HTTP_IF_MODIFIED_SINCE=page["Last-Modified"]).status_code == 304
    earlier = format_datetime(modified - timedelta(seconds=1), usegmt=True)
    assert reader(ARTICLE, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    answer = reader(ARTICLE, HTTP_IF_MODIFIED_SINCE=page["Last-Modified"], HTTP_IF_NONE_MATCH='"not-this-page"')
    assert answer.status_code == 200 and answer.content == page.content


ODD = [
    {"HTTP_IF_NONE_MATCH": "garbage"},
    {"HTTP_IF_NONE_MATCH": '"unterminated'},
    {"HTTP_IF_NONE_MATCH": "W/"},
    {"HTTP_IF_NONE_MATCH": ",,, ,"},
    {"HTTP_IF_NONE_MATCH": '"' + "x" * 5000 + '"'},
    {"HTTP_IF_NONE_MATCH": ""},
    {"HTTP_IF_MODIFIED_SINCE": "yesterday"},
    {"HTTP_IF_MODIFIED_SINCE": "Mon, 32 Foo 2026 25:61:61 GMT"},
    {"HTTP_IF_MODIFIED_SINCE": "Tue, 01 Dec 9999 00:00:00 GMT"},  # the future: not a valid date
    {"HTTP_IF_MODIFIED_SINCE": ""},
    {"HTTP_CACHE_CONTROL": "no-cache", "HTTP_PRAGMA": "no-cache"},
    {"HTTP_CACHE_CONTROL": "max-age=0, no-store, garbage=="},
    {"HTTP_RANGE": "bytes=0-10"},
    {"HTTP_RANGE": "bytes=99999999-"},
    {"HTTP_RANGE": "pages=all", "HTTP_IF_RANGE": "whatever"},
    {"HTTP_X_FORWARDED_HOST": "evil.example"},
    {"HTTP_X_FORWARDED_HOST": "evil.example", "HTTP_X_FORWARDED_PROTO": "http", "HTTP_X_FORWARDED_PORT": "6666"},
]


@pytest.mark.parametrize("headers", ODD, ids=lambda h: " ".join(f"{k[5:]}={v[:20]}" for k, v in h.items()))
def test_odd_request_headers_get_the_normal_page_and_leave_the_cache_as_it_was(reader, headers):
    normal = reader(ARTICLE)
    for _ in range(2):  # when the page is rendered for this request, and when it comes from the cache
        from pagecache import generation

        answer = reader(ARTICLE, **headers)
        assert answer.status_code == 200 and answer.content == normal.content
        assert answer["ETag"] == normal["ETag"] and answer["Cache-Control"] == PUBLIC
        assert b"evil.example" not in answer.content and b"6666" not in answer.content
        after = reader(ARTICLE)
        assert after.status_code == 200 and after.content == normal.content
        generation.bump()


def test_a_client_asking_for_no_cache_is_served_from_the_cache_without_a_render(client, make_content, django_assert_num_queries):
    make_content(1)
    first = client.get(ARTICLE)
    with django_assert_num_queries(0):
        again = client.get(ARTICLE, HTTP_CACHE_CONTROL="no-cache", HTTP_PRAGMA="no-cache")
    assert again.content == first.content  # always current anyway: any edit starts a new generation


def private(answer):
    cache_control = answer.get("Cache-Control", "")
    return answer.get("ETag") is None and ("private" in cache_control or "no-store" in cache_control)


@pytest.fixture
def staff(make_content):
    make_content(2)
    client = Client()
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


def test_staff_get_no_public_caching_on_any_page(staff):
    for path in [ARTICLE, "/", "/glossary/", "/admin/", "/admin/articles/article/"]:
        answer = staff.get(path)
        assert answer.status_code == 200 and private(answer), path


def test_drafts_and_their_previews_are_never_public(staff, client):
    draft = Article.objects.get(slug="article-2")
    draft.status = "draft"
    draft.save()
    preview = staff.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert preview.status_code == 200 and private(preview)
    assert private(staff.get("/articles/article-2/"))
    missing = client.get("/articles/article-2/")
    assert missing.status_code == 404 and missing["Cache-Control"] == "private, no-store"


def test_searches_errors_logins_and_query_strings_are_never_public(client, make_content):
    make_content(1)
    for path in ["/search/?q=widget1", "/search/", "/no-such-page/", "/glossary/?utm_source=x", "/admin/login/"]:
        answer = client.get(path)
        assert private(answer), path
    login = client.get("/admin/login/")
    assert login.cookies and "private" in login["Cache-Control"]  # it sets the CSRF cookie


def test_an_anonymous_page_that_sets_a_cookie_is_private(client, make_content, settings):
    from django.urls import path

    from ldn_site import urls as site_urls
    from pagecache.cacheable import cacheable

    make_content(1)
    settings.ROOT_URLCONF = "tests.test_http_caching"
    global urlpatterns
    urlpatterns = [path("cookie/", cacheable(_sets_a_cookie), name="sets-a-cookie"), *site_urls.urlpatterns]
    answer = client.get("/cookie/")
    assert answer.status_code == 200 and answer["Cache-Control"] == "private, no-store"
    assert client.get("/cookie/")["Cache-Control"] == "private, no-store"  # nor stored by the page cache


def _sets_a_cookie(request):
    from django.http import HttpResponse

    response = HttpResponse("A page that remembers you. " * 20)
    response.set_cookie("remember", "yes")
    return response
