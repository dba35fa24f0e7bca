"""A patient on a phone looks up a word, searches, and compares the sources, in real Chromium."""
import re

import pytest

pytestmark = pytest.mark.browser


def test_patient_taps_a_marked_term_and_sees_its_definition_in_a_preview(site, new_page):
    page = new_page(has_touch=True, is_mobile=True)
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/")
    term = page.locator("a.glossary-term", has_text="microglia")
    assert term.count() == 1
    term.scroll_into_view_if_needed()
    term.tap()
    preview = page.get_by_role("dialog", name="Microglia")
    preview.wait_for()
    assert "glial cell that guards the brain and spinal cord" in preview.inner_text()
    assert "Also written" not in preview.inner_text()


def test_without_javascript_a_marked_term_goes_to_its_definition(site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(f"{site.url}/articles/naltrexone-for-analgesia/")
    page.locator("a.glossary-term", has_text="microglia").click()
    page.wait_for_url(re.compile(r"/glossary/#term-microglia$"))
    entry = page.locator("#term-microglia")
    assert entry.is_visible()
    assert "glial cell that guards the brain and spinal cord" in entry.inner_text()
    assert entry.get_by_role("link", name=re.compile("low-dose naltrexone", re.I)).count() == 1


def test_patient_searches_for_a_word_from_any_page_and_lands_on_the_passage(site, page):
    page.goto(f"{site.url}/references/")
    box = page.get_by_role("searchbox", name="Search the articles, words explained and references").first
    box.fill("vivid dreams")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=vivid\+dreams$"))
    assert page.locator("mark", has_text="dreams").first.is_visible()
    # The article's own result (the side-by-side claim drawn from the same passage may be listed first).
    page.get_by_role("link", name="Low-Dose Naltrexone for Fibromyalgia", exact=True).first.click()
    page.wait_for_url(re.compile(r"/articles/ldn-for-fibromyalgia/#stanford-studies$"))
    passage = page.locator("#stanford-studies")
    assert "vivid dreams" in passage.inner_text()
    # Scrolling may be smooth: wait until the passage is on screen.
    page.wait_for_function(
        "() => { const r = document.getElementById('stanford-studies').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        timeout=5000,
    )


def test_side_by_side_page_reads_on_a_phone_and_its_links_reach_the_passage(site, page):
    page.goto(f"{site.url}/what-the-sources-say/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"scrolls sideways by {overflow}px"
    section = page.locator("section[aria-labelledby='usual-dose']")
    section.get_by_role("link", name=re.compile(r"Read this in the article.*Invisible Pain")).click()
    page.wait_for_url(re.compile(r"/articles/ldn-invisible-pain/#naltrexone-dose$"))
    assert "about 50 milligrams" in page.locator("#naltrexone-dose").inner_text()
