"""Hostile content in real Chromium: every vector stored in every field, and none of them runs.

Each vector calls __xss() or alert(); an init script records __xss() calls and every dialog is
caught. On each page the test also hovers every element, clicks every link that is not an
ordinary web link, and focuses every preview link (whose popover copies in another page's markup).
"""
import pytest
from django.test import Client

from tests.conftest import SQLiteCopies, close_quietly
from tests.hostile_content import MARKER, store_everywhere
from tests.xss_vectors import VECTORS

pytestmark = pytest.mark.browser

RECORD_HITS = "window.__xssHits = []; window.__xss = () => window.__xssHits.push(location.href);"
# Runs in the page: fire every handler a person could trigger, then report what ran and what is dangerous.
PROVOKE = """async (previews) => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle']) el.dispatchEvent(new Event(type, {bubbles: true}));
    for (const name of ['href', 'src', 'action', 'formaction', 'data']) {
      const value = el[name];
      if (typeof value === 'string' && /^(javascript|vbscript|data):/i.test(value)) bad.push(el.outerHTML.slice(0, 120));
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (!['http:', 'https:', 'mailto:'].includes(a.protocol)) a.click();
  }
  for (const link of previews ? document.querySelectorAll('a.preview-link, a.citation-link') : []) {
    link.focus();
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  await new Promise((resolve) => setTimeout(resolve, previews ? 300 : 50));  // a javascript: link runs a task later
  return {hits: window.__xssHits, bad: bad, frames: document.querySelectorAll('iframe, object, embed, frame').length};
}"""


@pytest.fixture
def hostile_site(live_server, transactional_db, run_folder):
    """Every vector stored everywhere, plus one article whose text fields hold all of them at once.

    Stored once in the whole run and copied into each test's database (on SQLite)."""
    from django.contrib.auth.models import User
    from django.db import connection

    from articles.models import Article
    from articles.publishing import article_render
    from compare.models import Condition

    def build():
        for number, (_, vector) in enumerate(VECTORS):
            store_everywhere(vector, suffix=f"-{number}")
        together = "\n\n".join(vector for _, vector in VECTORS)
        everything = Article.objects.create(
            title=f"{MARKER} all vectors", slug="hostile-all", status="published", summary=together,
            key_points=together, body=together + "\n\nCited [@hostile0-0; @hostile3-1].", author=f"{MARKER}",
        )
        article_render(article=everything)
        condition = Condition.objects.create(name=f"{MARKER} all vectors", slug="hostile-all", summary=together)
        condition.articles.add(everything)

    SQLiteCopies.built_once("hostile", connection, run_folder, build)
    last_user = User.objects.get(username__endswith=f"-{len(VECTORS) - 1}")
    return live_server, last_user, Article.objects.get(slug="hostile-all")


def assert_nothing_ran(page, dialogs, url, previews=True):
    assert_nothing_ran_in([page], dialogs, [url], previews)


def assert_nothing_ran_in(tabs, dialogs, urls, previews=True):
    """Each URL in turn in one of the tabs, a few side by side: their loads and waits overlap."""
    for start in range(0, len(urls), len(tabs)):
        opened = list(zip(tabs, urls[start:start + len(tabs)]))
        for tab, url in opened:
            tab.goto(url, wait_until="commit")
        for tab, _ in opened:
            tab.wait_for_load_state("load")
            # Started, not awaited (a function returning nothing): the next tab's run starts meanwhile.
            tab.evaluate(f"() => {{ window.__provoked = ({PROVOKE})({'true' if previews else 'false'}); }}")
        for tab, url in opened:
            result = tab.evaluate("window.__provoked")
            assert result["hits"] == [] and dialogs == [], url
            assert result["bad"] == [], url
            assert result["frames"] == 0, url
            assert tab.url.split("#")[0] == url.split("#")[0], f"{url} navigated away to {tab.url}"


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_HITS)
    dialogs = []

    def caught(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    context.on("dialog", caught)  # every tab's
    yield context, context.new_page(), dialogs
    close_quietly(context)


def test_no_vector_runs_on_any_public_page(hostile_site, watched_page):
    server, _, _ = hostile_site
    context, page, dialogs = watched_page
    lists = ["/", "/articles/hostile-all/", "/references/", "/glossary/", "/what-the-sources-say/", "/conditions/",
             "/conditions/hostile-all/", f"/search/?q={MARKER}"]
    for path in lists:
        assert_nothing_ran(page, dialogs, server.url + path)
    # The hostile text is there, as text (the grouped search shows 20 results: 50 mentions seen on 2026-12-01).
    assert page.locator("main").inner_text().count(MARKER) > 20
    # One page per vector for the short fields only an article's or a reference's own page shows
    # (attribution, web addresses, review, JSON-LD; DOI, PubMed ID, URL). Their previews were tried above.
    tabs = [page] + [context.new_page() for _ in range(3)]
    urls = [server.url + path for number, _ in enumerate(VECTORS)
            for path in [f"/articles/hostile-{number}/", f"/references/hostile3-{number}/"]]
    assert_nothing_ran_in(tabs, dialogs, urls, previews=False)


def test_no_vector_runs_in_the_admin_or_the_editors_live_preview(hostile_site, watched_page):
    server, user, everything = hostile_site
    context, page, dialogs = watched_page
    client = Client()
    client.force_login(user)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server.url}])
    for path in [
        f"/admin/articles/article/{everything.pk}/change/",
        f"/admin/articles/article/{everything.pk}/preview/",
        "/admin/articles/article/",
        "/admin/references/reference/",
        "/admin/glossary/term/",
        "/admin/compare/claim/",
    ]:
        assert_nothing_ran(page, dialogs, server.url + path)

    page.goto(f"{server.url}/admin/articles/article/add/")
    body = page.locator("textarea.markdownx-editor")
    body.fill("\n\n".join(vector for _, vector in VECTORS))
    body.press_sequentially(f"\n\n{MARKER} end of the vectors.", delay=5)
    page.locator(".markdownx-preview", has_text=f"{MARKER} end of the vectors.").wait_for(timeout=15_000)
    result = page.evaluate(PROVOKE, True)
    assert result["hits"] == [] and dialogs == []
    assert result["bad"] == [] and result["frames"] == 0
    assert "<script>__xss()</script>" in page.locator(".markdownx-preview").inner_text()  # shown as text
