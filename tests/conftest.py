"""Shared fixtures: factories for references and rendered articles, media in a temp dir, a real browser."""
import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# live_server fixtures from the same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITE_URL = "http://testserver"  # the test client's own host, so addresses read as in a browser
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test starts with an empty page cache and its own content generation.
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "content-generation" if settings.PAGE_CACHE_GENERATION_FILE else None
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        import uuid

        # A prefix of its own, never a flush: other test runs may share the Redis database.
        settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    else:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture
def make_reference(db):
    """Create a valid Reference; keyword arguments override the defaults."""
    from references.models import Reference

    counter = iter(range(1, 10_000))

    def make(**fields):
        n = next(counter)
        data = {
            "key": f"ref{n}",
            "kind": "article-journal",
            "authors": [{"family": "Author", "given": "A"}],
            "title": f"A study number {n}",
            "container_title": "J Test",
            "year": 2020,
            "volume": "1",
            "pages": f"{n}-{n + 9}",
            "doi": f"10.1000/test.{n}",
            "evidence_type": "trial",
        }
        data.update(fields)
        reference = Reference(**data)
        reference.full_clean()
        reference.save()
        return reference

    return make


@pytest.fixture
def make_article(db):
    """Create an article through the real write path (validated, rendered, citations synced)."""
    from articles.models import Article
    from articles.publishing import article_render

    counter = iter(range(1, 10_000))

    def make(body="Some text.", **fields):
        n = next(counter)
        data = {
            "title": f"Article {n}",
            "slug": f"article-{n}",
            "summary": "A short summary.",
            "status": "published",
            "body": body,
        }
        data.update(fields)
        article = Article(**data)
        article.full_clean()
        article.save()
        return article_render(article=article)

    return make


def load_seed():
    """The site's own seed content, loaded the way `make run` loads it."""
    from backups.seed import load_site_content

    load_site_content()


def in_seeded_group(item):
    """Whether a test reads the seed inside the session's shared seed transaction (not a transactional test)."""
    names = getattr(item, "fixturenames", ())
    if "seeded" not in names or "transactional_db" in names or "live_server" in names:
        return False
    marker = item.get_closest_marker("django_db")
    transactional = marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or (marker.args and marker.args[0]))
    return not transactional


class SharedSeed:
    """The seed loaded once, in an outer transaction every seeded test's own transaction nests in.

    Loading the seed renders every article (seconds); the seeded tests run side by side (see
    pytest_collection_modifyitems), each rolls back to the seeded state, and the outer transaction
    is rolled back before the first test that must not see the seed.
    """

    current = None

    def __init__(self, blocker, snapshot):
        self.blocker = blocker
        self.snapshot = snapshot
        self.atomic = None

    def open(self):
        from django.db import transaction

        if self.atomic is not None:
            return
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            load_seed()
            if not self.snapshot.exists():
                write_snapshot(self.snapshot)

    def close(self):
        from django.db import transaction

        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


# Everything the seed writes; the rest (users, groups, permissions, content types, sessions,
# login failures) is made by migrations or by the tests themselves.
NOT_SEED_APPS = ("admin", "auth", "contenttypes", "sessions", "axes")


def write_snapshot(path):
    """Dump the seeded rows, so transactional tests load them with loaddata instead of rendering again."""
    from django.core.management import call_command

    call_command("dumpdata", *[f"--exclude={app}" for app in NOT_SEED_APPS], "--natural-foreign", output=str(path), verbosity=0)


@pytest.fixture(scope="session")
def seed_snapshot(tmp_path_factory):
    return tmp_path_factory.mktemp("seed") / "seed.json"


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory, worker_id):
    """A folder every pytest-xdist worker of this run shares (this process's own without xdist)."""
    folder = tmp_path_factory.getbasetemp()
    return folder if worker_id == "master" else folder.parent


@contextmanager
def made_once(path):
    """Make the file `path` once in the whole run, whichever pytest-xdist worker asks first.

    Yields where to build it (renamed to `path` when the block ends without an error), or None when
    another worker has already made it; the others wait on a lock meanwhile.
    """
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            yield None
            return
        building = path.with_suffix(".building")
        yield building
        building.rename(path)


@pytest.fixture(scope="session")
def served_database(run_folder):
    """A SQLite file as `make serve` leaves it (migrated, the content loaded), made once for the whole run.

    Tests that start a server of their own copy it first, so the server's migrate and load_content
    find nothing to do (seconds each, at every start).
    """
    import subprocess
    import sys

    path = run_folder / "served.sqlite3"
    with made_once(path) as building:
        if building:
            env = site_environ(DJANGO_ENV="production", DJANGO_SECRET_KEY=production_secret_key(), DJANGO_ALLOWED_HOSTS="127.0.0.1",
                               SQLITE_PATH=str(building), PAGE_CACHE_GENERATION_FILE=str(run_folder / "served-generation"))
            for command in (["migrate", "--noinput"], ["load_content"]):
                subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    return path


@pytest.fixture(scope="session")
def _shared_seed(django_db_setup, django_db_blocker, seed_snapshot):
    SharedSeed.current = SharedSeed(django_db_blocker, seed_snapshot)
    yield SharedSeed.current
    SharedSeed.current.close()
    SharedSeed.current = None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # `make test-fast` leaves out `-m browser` and `-m server`: mark every test that drives
    # Chromium or serves the site, whichever fixture it reaches them through.
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if "live_server" in names:
            item.add_marker(pytest.mark.server)
    # After pytest-django's ordering (plain database tests, transactional ones, the rest): the
    # seeded tests move to the front, together, so the seed is loaded once for all of them.
    items.sort(key=lambda item: not in_seeded_group(item))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture of a test that must not see the shared seed: roll it back.
    if SharedSeed.current is not None and not in_seeded_group(item):
        SharedSeed.current.close()


@pytest.fixture(autouse=True)
def _shared_seed_transaction(request, _test_settings):
    if in_seeded_group(request.node):
        from django.db import connection

        # In a transaction already: the shared seed's, or the test's own when a django_db marker
        # opened it first (then `seeded` loads the seed inside it).
        if not connection.in_atomic_block:
            request.getfixturevalue("_shared_seed").open()


@pytest.fixture
def seeded(db):
    """The site's own seed content, loaded the way `make run` loads it (once per session; each test rolls back)."""
    if SharedSeed.current is None or SharedSeed.current.atomic is None:
        load_seed()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download, ever)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield WatchedBrowser(browser)
        browser.close()


class WatchedBrowser:
    """The session's Chromium, whose every new context keeps the set of its requests not yet answered."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        unanswered = set()
        context.on("request", lambda request: unanswered.add(request))
        context.on("requestfinished", lambda request: unanswered.discard(request))
        context.on("requestfailed", lambda request: unanswered.discard(request))
        _UNANSWERED[id(context)] = unanswered
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


_UNANSWERED = {}


def close_quietly(context):
    """Close a browser context so that nothing it sends reaches the live server after the test.

    Admin pages post an autosave every few seconds and a last copy when the page goes away; one
    arriving while the test database is being flushed locks SQLite ("couldn't be flushed"), and the
    next test then finds the last one's rows. Refuse every request first (a beacon passes Playwright's
    routes, so the pages send none), then wait for the ones already on their way to be answered
    (Playwright reports them only while it is asked something).
    """
    from playwright.sync_api import Error

    context.route("**/*", lambda route: route.abort())
    for page in context.pages:
        try:
            page.evaluate("navigator.sendBeacon = () => true")
        except Error:  # a page closed or crashed sends nothing
            pass
    unanswered = _UNANSWERED.pop(id(context), set())
    deadline = time.monotonic() + 5
    while unanswered and context.pages and time.monotonic() < deadline:
        context.pages[0].wait_for_timeout(20)
    context.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    yield page
    close_quietly(context)


@pytest.fixture
def site(live_server, transactional_db, seed_snapshot):
    """The live site with the seed content, for browser tests (loaded from the session's snapshot of it)."""
    seed_committed(seed_snapshot)
    return live_server


def seed_committed(snapshot):
    """The seed content, committed, in a transactional test's empty database (the copy, the snapshot or the seed itself)."""
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    if SQLiteCopies.restore("seed", connection):
        return
    untouched = not User.objects.exists() and not Group.objects.exists()
    if snapshot.exists():
        call_command("loaddata", str(snapshot), verbosity=0)
    else:
        load_seed()
        write_snapshot(snapshot)
    if untouched:  # a copy holding a user or group one test made would give it to every other
        SQLiteCopies.keep("seed", connection)


class SQLiteCopies:
    """In-memory SQLite test databases kept by name (the seeded site, the hostile one), copied page by
    page with SQLite's backup API.

    Putting a copy back takes milliseconds where loading the seed snapshot takes a second or more and
    storing the hostile content half a minute; nearly two hundred browser tests start from the seeded
    site. On PostgreSQL nothing is kept and the callers build the content again.
    """

    copies = {}

    @staticmethod
    def _usable(connection):
        return connection.vendor == "sqlite" and connection.is_in_memory_db()

    @classmethod
    def keep(cls, name, connection):
        import sqlite3

        if cls._usable(connection):
            cls.copies[name] = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(cls.copies[name])

    @classmethod
    def restore(cls, name, connection):
        from django.contrib.contenttypes.models import ContentType

        if name not in cls.copies or not cls._usable(connection):
            return False
        connection.ensure_connection()
        cls.copies[name].backup(connection.connection)
        # The flush before this test made content types again with other ids; the copy has its own.
        ContentType.objects.clear_cache()
        return True

    @classmethod
    def built_once(cls, name, connection, folder, build):
        """What `build()` stores, built once in the whole run: the first worker to ask builds it and
        leaves a file in `folder` (shared by the workers); every later test anywhere gets a copy."""
        import sqlite3

        if cls.restore(name, connection):
            return
        if not cls._usable(connection):
            build()
            return
        path = folder / f"{name}.sqlite3"
        with made_once(path) as building:
            if building is None:
                cls.copies[name] = sqlite3.connect(":memory:", check_same_thread=False)
                with sqlite3.connect(path) as stored:
                    stored.backup(cls.copies[name])
                cls.restore(name, connection)
                return
            build()
            cls.keep(name, connection)
            with sqlite3.connect(building) as stored:
                cls.copies[name].backup(stored)


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts with any options (viewport, JS off, touch, media)."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 390, "height": 844})
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        close_quietly(context)


@pytest.fixture
def editor(db):
    """A staff member whose only permissions come from the "Clinic editors" group."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True, first_name="Eda", last_name="Editor")
    user.groups.add(clinic_editors_group())
    return user


def clinic_editors_group():
    """The group the data migration made; transactional tests flush it, so make it again then."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name="Clinic editors").exists():
        importlib.import_module("articles.migrations.0004_clinic_editors_group").create_group(apps, None)
        importlib.import_module("glossary.migrations.0002_clinic_editors_edit_terms").grant_permissions(apps, None)
        importlib.import_module("compare.migrations.0002_clinic_editors_edit_claims").grant_permissions(apps, None)
        importlib.import_module("questions.migrations.0002_clinic_editors_edit_questions").grant_permissions(apps, None)
    return Group.objects.get(name="Clinic editors")


@pytest.fixture
def editor_page(site, browser):
    """An editor (staff, Clinic editors group only) logged in through the admin's login page."""
    from django.contrib.auth.models import User

    user = User.objects.create_user("eda", "eda@example.org", "a-long-pass-phrase", is_staff=True, first_name="Eda")
    user.groups.add(clinic_editors_group())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_log_in(page, site.url, "eda", "a-long-pass-phrase")
    yield page
    close_quietly(context)


def admin_log_in(page, base_url, username, password):
    """Log in through the admin's own login form, as a person would."""
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def staff_without_permissions(db):
    from django.contrib.auth.models import User

    return User.objects.create_user("bystander", "by@example.org", "pw", is_staff=True)


@pytest.fixture
def make_content(db, make_article, make_reference):
    """`scale` copies of one unit of every kind of public content, linked as the real site links them.

    A reference every article, claim and term cites; then, per unit: two references, a glossary term citing one of them, an article citing both and
    using the term, a topic with the article's claim (with its references and a condition) and
    the condition, which lists the article; a common question answered by the claim and by the editors'
    words citing the shared reference (the first also says who wrote the articles). Query-count and
    cache tests build 1x and 50x.
    """
    from compare.models import Claim, Condition, Topic
    from glossary.models import Term
    from questions.models import AnswerBlock, Kind, Question

    def make(scale=1):
        shared = make_reference(key="shared")  # cited by every article, claim and term
        references = [(make_reference(), make_reference()) for _ in range(scale)]
        terms = []
        for n in range(1, scale + 1):
            term = Term(name=f"Widget{n}", slug=f"widget{n}", synonyms=f"gadget{n}", definition="A plain definition.")
            term.full_clean()
            term.save()
            term.references.add(references[n - 1][0], shared)
            terms.append(term)
        articles = []
        for n, (first, second) in enumerate(references, start=1):
            body = (
                f"## How it works\n\nWidget{n} helps, as shown.[@{first.key}]\n\n"
                f"## Safety\n\nSecond point.[@{second.key}; @{first.key}; @shared]\n"
            )
            articles.append(make_article(body=body, order=n))
        for n, article in enumerate(articles, start=1):
            topic = Topic.objects.create(title=f"Topic {n}", slug=f"topic-{n}", order=n, differences="They agree.")
            condition = Condition.objects.create(name=f"Condition {n}", slug=f"condition-{n}")
            condition.articles.add(article)
            claim = Claim(topic=topic, article=article, statement=f"Claim {n}.", anchor="how-it-works")
            claim.full_clean()
            claim.save()
            claim.references.add(*references[n - 1], shared)
            claim.conditions.add(condition)
            question = Question.objects.create(question=f"Question {n}?", slug=f"question-{n}", phrasings=f"asked {n}", status="published", order=n)
            AnswerBlock.objects.create(question=question, kind=Kind.CLAIM, claim=claim, order=1)
            AnswerBlock.objects.create(question=question, kind=Kind.SOURCED, text=f"Editors' words {n}.", order=2).references.add(shared)
            if n == 1:
                AnswerBlock.objects.create(question=question, kind=Kind.AUTHORSHIP, order=3)
        return articles

    return make


def site_environ(**variables):
    """This process's environment without the site's own variables, plus the given ones (for subprocesses)."""
    own = ("DJANGO_", "DATABASE_URL", "SQLITE_PATH", "REDIS_URL", "PORT", "WEB_CONCURRENCY", "BIND_ADDRESS")
    environ = {name: value for name, value in os.environ.items() if not name.startswith(own)}
    return {**environ, **variables}


def production_secret_key():
    import secrets

    return secrets.token_urlsafe(50)
