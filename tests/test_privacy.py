"""Public pages never contact another origin: no CDN, web font, analytics or embedded content."""
from urllib.parse import urlsplit

import pytest

from .public_pages import html_page_urls
from .test_a11y import PUBLIC_PAGES

TABS = 4


@pytest.mark.browser
def test_every_public_page_requests_only_its_own_origin(site, page):
    own = urlsplit(site.url)
    requests = []
    page.context.on("request", lambda request: requests.append(request.url))
    # A few tabs at a time: each waits for its network to stay idle for half a second, side by side.
    paths = sorted(set(PUBLIC_PAGES.values()) | set(html_page_urls()))
    tabs = [page] + [page.context.new_page() for _ in range(TABS - 1)]
    for start in range(0, len(paths), TABS):
        opened = list(zip(tabs, paths[start:start + TABS]))
        for tab, path in opened:
            tab.goto(site.url + path, wait_until="commit")
        for tab, _ in opened:
            tab.wait_for_load_state("networkidle")
    # Opening a preview may load content too; it must come from here as well.
    page.goto(site.url + "/articles/naltrexone-for-analgesia/")
    page.locator("a.citation-link").nth(3).focus()
    page.locator(".preview").wait_for()
    page.wait_for_load_state("networkidle")

    foreign = [url for url in requests if urlsplit(url)[:2] != own[:2] and not url.startswith("data:")]
    assert len(requests) > len(PUBLIC_PAGES), "the page load was not recorded"
    assert foreign == []
