"""Public pages come from the cache for anonymous readers, and every edit is seen on the very next request."""
import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from articles.models import Article, Citation
from articles.publishing import article_render
from compare.models import Claim, Condition, Topic
from deploy import serve
from glossary.models import Term
from questions.models import AnswerBlock
from references.models import Reference
from tests.admin_forms import change_form
from tests.public_pages import public_urls

# One page of each cacheable kind (the search page is never cached).
PAGES = [
    "/", "/articles/article-1/", "/articles/article-1/references.bib", "/references/", "/references/shared/",
    "/references/shared/cite.ris", "/references/all.json", "/glossary/", "/what-the-sources-say/",
    "/conditions/", "/conditions/condition-1/", "/feed/", "/sitemap.xml", "/robots.txt",
]


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """Each test runs on the local-memory cache (generation in a file) and on Redis (generation in Redis)."""
    if request.param == "redis":
        redis_settings(settings)
    return request.param


def redis_settings(settings):
    import uuid

    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {url} (set TEST_REDIS_URL)")
    # A prefix of its own, never a flush: other test runs may share the Redis database.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                                   "KEY_PREFIX": f"test-{uuid.uuid4().hex}", "TIMEOUT": 600}}
    settings.PAGE_CACHE_GENERATION_FILE = None


@pytest.fixture
def content(make_content, cache_backend):
    return make_content(2)


@pytest.fixture
def fresh():
    """A client whose requests never use the cache (any session cookie bypasses it): the page as rendered now."""
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    return lambda url: client.get(url).content


def warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url


def assert_every_page_current(client, fresh):
    """Every public page, as an anonymous reader gets it now, is exactly what a fresh render gives."""
    stale = [url for url in public_urls() if client.get(url).content != fresh(url)]
    assert stale == []


def test_a_second_anonymous_request_is_served_from_the_cache_without_queries(client, content, django_assert_num_queries):
    for url in PAGES:
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200 and second.content == first.content, url


def test_a_cached_page_keeps_every_header(client, content):
    for url in PAGES:
        first, second = client.get(url), client.get(url)
        # X-Accel-Expires names the current second (pagecache/http.py), so it may move on between the two.
        assert without_expiry(second) == without_expiry(first), url


def without_expiry(response):
    return {name: value for name, value in response.items() if name != "X-Accel-Expires"}


def test_head_is_answered_from_the_cache_with_the_same_headers(client, content, django_assert_num_queries):
    get = client.get("/articles/article-1/")
    with django_assert_num_queries(0):
        head = client.head("/articles/article-1/")
    assert head.status_code == 200 and head.content == b"" and head["Content-Length"] == get["Content-Length"]


def test_compressed_and_plain_readers_each_get_their_own_copy(client, content):
    plain = client.get("/glossary/").content
    zipped = client.get("/glossary/", HTTP_ACCEPT_ENCODING="gzip").content
    assert client.get("/glossary/").content == plain
    again = client.get("/glossary/", HTTP_ACCEPT_ENCODING="gzip")
    assert again["Content-Encoding"] == "gzip" and gzip.decompress(again.content) == plain
    assert zipped != plain


def test_search_and_query_strings_are_never_cached(client, content, django_assert_max_num_queries):
    client.get("/search/?q=widget1")  # a whole word: PostgreSQL's full-text search matches words, not parts
    with django_assert_max_num_queries(11) as queries:  # never from the cache: the search runs again
        assert b"Widget1" in client.get("/search/?q=widget1").content
    assert len(queries) > 0
    client.get("/glossary/?utm_source=x")
    with django_assert_max_num_queries(2) as queries:
        client.get("/glossary/?utm_source=x")
    assert len(queries) > 0


def test_nothing_is_cached_while_developing(client, content, settings, django_assert_max_num_queries):
    settings.DEBUG = True  # `make run`: a template edit must show on the next reload
    client.get("/glossary/")
    with django_assert_max_num_queries(5) as queries:
        client.get("/glossary/")
    assert len(queries) > 0


def test_staff_pages_are_never_cached_nor_given_the_public_copy(client, content, django_assert_max_num_queries):
    staff = Client()
    staff.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    public = client.get("/articles/article-1/").content
    # The public copy is cached, yet a staff request renders afresh (it loads its session and user)...
    with django_assert_max_num_queries(10) as queries:
        staff_page = staff.get("/articles/article-1/")
    assert len(queries) >= 2 and staff_page.content == public
    # ...and a page rendered for staff is never stored for the public.
    staff.get("/glossary/")
    with django_assert_max_num_queries(5) as queries:
        client.get("/glossary/")
    assert len(queries) > 0


def test_a_draft_is_never_cached_and_appears_on_the_next_request_once_published(client, content, fresh):
    draft = Article.objects.get(slug="article-2")
    draft.status = "draft"
    draft.save()
    staff = Client()
    staff.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    preview = staff.get(f"/admin/articles/article/{draft.pk}/preview/")
    assert preview.status_code == 200 and b"Preview of a draft" in preview.content
    assert client.get("/articles/article-2/").status_code == 404
    assert b"/articles/article-2/" not in client.get("/").content
    draft.status = "published"
    draft.save()
    assert client.get("/articles/article-2/").status_code == 200
    assert b"/articles/article-2/" in client.get("/").content
    assert_every_page_current(client, fresh)


def set_title(article, title):
    article.title = title
    article.save()


def add_citation(article, reference):
    article.body += f"\n\nOne more point.[@{reference.key}]\n"
    article.save()
    article_render(article=article)


def delete_claims(claims):
    """Claims a common question uses are protected: their answer parts go first."""
    AnswerBlock.objects.filter(claim__in=claims).delete()
    claims.delete()


def delete_article(article):
    delete_claims(Claim.objects.filter(article=article))
    article.delete()


EDITS = {
    "article saved": lambda: set_title(Article.objects.get(slug="article-1"), "A brand new title"),
    "article deleted": lambda: delete_article(Article.objects.get(slug="article-2")),
    "citation added": lambda: add_citation(Article.objects.get(slug="article-1"), Reference.objects.get(key="ref4")),
    "citation deleted": lambda: Citation.objects.filter(reference__key="shared").first().delete(),
    "reference saved": lambda: _save(Reference.objects.get(key="shared"), title="A renamed study"),
    "reference deleted": lambda: Reference.objects.get(key="lonely").delete(),
    "term saved": lambda: _save(Term.objects.get(slug="widget1"), definition="A newer plain definition."),
    "term deleted": lambda: Term.objects.get(slug="widget2").delete(),
    "term references changed": lambda: Term.objects.get(slug="widget1").references.clear(),
    "claim saved": lambda: _save(Claim.objects.get(statement="Claim 1."), statement="A changed claim."),
    "claim deleted": lambda: delete_claims(Claim.objects.filter(statement="Claim 2.")),
    "claim references changed": lambda: Claim.objects.get(statement="Claim 1.").references.remove(Reference.objects.get(key="shared")),
    "condition saved": lambda: _save(Condition.objects.get(slug="condition-1"), summary="What the articles say."),
    "condition deleted": lambda: Condition.objects.get(slug="condition-2").delete(),
    "condition articles changed": lambda: Condition.objects.get(slug="condition-1").articles.clear(),
    "topic saved": lambda: _save(Topic.objects.get(slug="topic-1"), differences="Now they differ."),
    "topic deleted": lambda: (delete_claims(Claim.objects.filter(topic__slug="topic-2")), Topic.objects.get(slug="topic-2").delete()),
}


def _save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def _uncited_reference():
    reference = Reference(key="lonely", kind="book", authors=[{"family": "Solo", "given": "H"}], title="Alone",
                          year=2001, evidence_type="review")
    reference.save()
    return reference


@pytest.mark.parametrize("edit", EDITS)
def test_every_kind_of_edit_is_seen_on_the_very_next_request_to_every_page(client, content, fresh, edit):
    if edit == "reference deleted":
        _uncited_reference()
    urls = public_urls()
    warm(client, urls)
    before = {url: client.get(url).content for url in urls}
    EDITS[edit]()
    assert_every_page_current(client, fresh)
    after = {url: client.get(url).content for url in public_urls()}
    assert after != before  # the edit showed somewhere


def test_an_edit_in_the_admin_is_seen_on_the_next_request(client, content, fresh):
    warm(client, public_urls())
    staff = Client()
    staff.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    article = Article.objects.get(slug="article-1")
    url = f"/admin/articles/article/{article.pk}/change/"
    form = change_form(staff, url)
    form.update(title="Edited in the admin", body=article.body + "\n\nAn added sentence.\n")
    response = staff.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert b"Edited in the admin" in client.get("/").content
    assert b"An added sentence." in client.get("/articles/article-1/").content
    url = f"/admin/glossary/term/{Term.objects.get(slug='widget1').pk}/change/"
    form = change_form(staff, url)
    form.update(definition="Defined in the admin.")
    response = staff.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert b"Defined in the admin." in client.get("/glossary/").content
    assert_every_page_current(client, fresh)


def test_commands_that_change_content_are_seen_on_the_next_request(client, content, fresh, tmp_path):
    warm(client, public_urls())
    Article.objects.filter(slug="article-1").update(body="## Rewritten\n\nRewritten by a command.[@shared]\n")
    call_command("render_articles", stdout=open(tmp_path / "out", "w"))
    assert b"Rewritten by a command." in client.get("/articles/article-1/").content
    call_command("load_content", stdout=open(tmp_path / "out", "w"))
    assert b"low-dose naltrexone" in client.get("/").content.lower()
    assert_every_page_current(client, fresh)
    call_command("backup", str(tmp_path / "backup.json"), stdout=open(tmp_path / "out", "w"))
    saved = {url: client.get(url).content for url in public_urls()}
    Article.objects.filter(slug="article-1").update(title="Changed behind the cache's back")
    call_command("restore", str(tmp_path / "backup.json"), "--replace", stdout=open(tmp_path / "out", "w"))
    assert {url: client.get(url).content for url in public_urls()} == saved
    assert_every_page_current(client, fresh)


ROOT = Path(__file__).resolve().parent.parent
SLUG = "naltrexone-for-analgesia"


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True, timeout=180)


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode()


def title_on(port):
    return re.search(r"<h1[^>]*>(.*?)</h1>", fetch(port, f"/articles/{SLUG}/"), re.S).group(1).strip()


@pytest.fixture
def site_processes(tmp_path, cache_backend, settings, served_database):
    """Two server processes sharing one database (a copy of the loaded one) and one cache setting, like two gunicorn workers."""
    shutil.copyfile(served_database, tmp_path / "db.sqlite3")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ldn_site.settings", "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
           "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
           "PAGE_CACHE_GENERATION_FILE": str(tmp_path / "content-generation"), "DJANGO_MEDIA_ROOT": str(tmp_path)}
    for name in ("REDIS_URL", "DATABASE_URL", "DJANGO_ENV"):
        env.pop(name, None)
    ports = [serve.free_port(), serve.free_port()]
    if cache_backend == "redis":
        env["REDIS_URL"] = settings.CACHES["default"]["LOCATION"]
        env["CACHE_KEY_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    servers = [subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", f"127.0.0.1:{port}"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    fetch(port, "/robots.txt")
                    break
                except OSError:
                    time.sleep(0.1)
        yield env, ports, tmp_path / "db.sqlite3"
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


@pytest.mark.server
def test_an_edit_in_one_process_is_seen_at_once_by_every_other(site_processes):
    env, ports, database = site_processes
    original = [title_on(port) for port in ports]
    # Changed in the database with no signal sent: both processes still answer from their cache.
    with sqlite3.connect(database) as db:
        db.execute("UPDATE articles_article SET title = 'Changed without telling' WHERE slug = ?", [SLUG])
    assert [title_on(port) for port in ports] == original
    # Saved through Django in a third process: both see it on their very next request.
    manage(env, "shell", "-c", f"from articles.models import Article; a = Article.objects.get(slug='{SLUG}'); "
                               "a.title = 'Edited in another process'; a.save()")
    assert [title_on(port) for port in ports] == ["Edited in another process"] * 2


def test_a_generation_file_that_cannot_be_written_is_an_error_at_start_up(settings, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    (tmp_path / "a-file").write_text("")
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "a-file" / "content-generation"
    with pytest.raises(SystemCheckError, match=r"PAGE_CACHE_GENERATION_FILE=.*a-file/content-generation cannot be created"):
        call_command("check")
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "var" / "content-generation"
    call_command("check", stdout=open(os.devnull, "w"))
