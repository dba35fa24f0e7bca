"""A patient on a phone reads an article in real Chromium and checks its sources."""
import re

import pytest

pytestmark = pytest.mark.browser


def test_patient_follows_a_citation_to_its_source_and_back(site, page):
    page.goto(f"{site.url}/")
    page.get_by_role("link", name="Naltrexone for Analgesia").click()
    page.wait_for_url(re.compile(r"/articles/naltrexone-for-analgesia/$"))
    assert page.locator("h1").inner_text() == "Naltrexone for Analgesia"

    page.locator("#cite-6-1").click()
    page.wait_for_url(re.compile(r"#ref-6$"))
    entry = page.locator("#ref-6")
    assert entry.is_visible()
    assert "Younger J, Noor N, McCue R, Mackey S." in entry.inner_text()
    assert entry.get_by_role("link", name="doi:10.1002/art.37734").get_attribute("href") == "https://doi.org/10.1002/art.37734"

    entry.get_by_role("link", name="Back to citation a of reference 6").click()
    page.wait_for_url(re.compile(r"#cite-6-1$"))
    assert page.locator("#cite-6-1").is_visible()


def test_citations_and_back_links_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site.url}/articles/ldn-for-fibromyalgia/")
    first = page.locator("sup.citation-editor a").first
    target = first.get_attribute("href")
    first.click()
    page.wait_for_url(re.compile(target + "$"))
    assert page.locator(target).is_visible()
    assert "Citation added by this site" in page.locator(target).inner_text()
    context.close()


def test_every_doi_link_on_every_article_points_at_doi_org(site, page):
    for slug in ["ldn-invisible-pain", "naltrexone-for-analgesia", "ldn-for-fibromyalgia"]:
        page.goto(f"{site.url}/articles/{slug}/")
        for href in page.locator(".references a[href*='doi.org']").evaluate_all("els => els.map(e => e.href)"):
            assert re.fullmatch(r"https://doi\.org/10\.\d{4,9}/\S+", href), href
        in_text = page.locator("sup.citation a").count()
        assert in_text == page.locator("sup.citation a[href^='#ref-']").count()
        for href in set(page.locator("sup.citation a").evaluate_all("els => els.map(e => e.getAttribute('href'))")):
            assert page.locator(href).count() == 1, f"{slug}: {href} has no bibliography entry"


def test_article_reads_on_a_phone_without_sideways_scrolling(site, page):
    for url in ["/", "/articles/naltrexone-for-analgesia/", "/references/"]:
        page.goto(f"{site.url}{url}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"


def test_no_citation_number_starts_a_line_on_a_phone(site, page):
    """"[3]" alone at the start of a line reads as a stray number, not as the source of the sentence."""
    for slug in ["naltrexone-for-analgesia", "ldn-for-fibromyalgia", "ldn-invisible-pain"]:
        assert page.goto(f"{site.url}/articles/{slug}/").ok
        orphans = page.locator("article sup.citation").evaluate_all(
            """sups => sups.filter(sup => {
                const before = sup.previousSibling;
                if (!before || before.nodeType !== Node.TEXT_NODE || !before.textContent.trim()) return false;
                const range = document.createRange();
                range.setStart(before, before.textContent.length - 1);
                range.setEnd(before, before.textContent.length);
                const word = range.getClientRects();
                return sup.getClientRects()[0].top > word[word.length - 1].bottom - 2;
            }).map(sup => sup.textContent)"""
        )
        assert orphans == [], f"{slug}: {orphans} start a line away from their sentence"


@pytest.mark.parametrize("width", [390, 1280])
def test_each_attribution_label_sits_on_the_row_of_its_value(site, new_page, width):
    page = new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site.url}/articles/ldn-for-fibromyalgia/")
    rows = page.locator(".attribution dt").evaluate_all(
        "dts => dts.map(dt => [dt.textContent, dt.getBoundingClientRect().top,"
        " dt.nextElementSibling.getBoundingClientRect().top])"
    )
    assert len(rows) >= 4
    for label, label_top, value_top in rows:
        assert abs(label_top - value_top) < 2, f"{label!r} is not beside its value at {width}px"
