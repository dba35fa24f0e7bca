"""Reference previews: hover, focus or tap a citation to see its source; plain links without JavaScript."""
import pytest

ARTICLE = "/articles/naltrexone-for-analgesia/"


@pytest.mark.browser
def test_hovering_a_citation_previews_its_formatted_reference_with_doi(site, new_page):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + ARTICLE)
    citation = page.locator("a.citation-link[href='#ref-6']").first
    citation.hover()
    preview = page.get_by_role("dialog", name="Reference 6")
    preview.wait_for()
    assert "Younger J, Noor N, McCue R, Mackey S." in preview.inner_text()
    assert preview.get_by_role("link", name="doi:10.1002/art.37734").get_attribute("href") == (
        "https://doi.org/10.1002/art.37734"
    )
    assert citation.get_attribute("aria-expanded") == "true"

    page.mouse.move(5, 5)  # away from the link and the popover
    preview.wait_for(state="detached")
    assert citation.get_attribute("aria-expanded") == "false"


@pytest.mark.browser
def test_preview_leaves_out_back_links_and_never_duplicates_ids(site, new_page):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + ARTICLE)
    page.locator("a.citation-link[href='#ref-4']").first.focus()
    preview = page.get_by_role("dialog", name="Reference 4")
    preview.wait_for()
    assert preview.locator(".backlinks").count() == 0
    assert preview.locator("[id]").evaluate_all("els => els.map(e => e.id)") == ["preview-1-title"]


@pytest.mark.browser
def test_first_tap_previews_and_second_tap_jumps_to_the_bibliography(site, new_page):
    page = new_page(has_touch=True, is_mobile=True)
    page.goto(site.url + ARTICLE)
    citation = page.locator("a.citation-link[href='#ref-3']").first
    citation.scroll_into_view_if_needed()
    citation.tap()
    preview = page.get_by_role("dialog", name="Reference 3")
    preview.wait_for()
    assert page.url.endswith(ARTICLE), "the first tap must not jump"

    preview.get_by_role("button", name="Close Reference 3").tap()
    preview.wait_for(state="detached")

    citation.tap()
    preview.wait_for()
    citation.tap()
    page.wait_for_url("**#ref-3")


@pytest.mark.browser
def test_tapping_outside_closes_the_preview(site, new_page):
    page = new_page(has_touch=True, is_mobile=True)
    page.goto(site.url + ARTICLE)
    page.locator("a.citation-link[href='#ref-2']").first.tap()
    preview = page.get_by_role("dialog", name="Reference 2")
    preview.wait_for()
    page.locator("h1").tap()
    preview.wait_for(state="detached")


@pytest.mark.browser
def test_without_javascript_a_citation_jumps_to_its_entry_and_the_back_link_returns(site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(site.url + ARTICLE)
    page.locator("#cite-6-1").click()
    assert page.url.endswith("#ref-6")
    assert page.locator("#ref-6").evaluate("li => li.matches(':target')")
    page.locator("#ref-6 .backlinks a").first.click()
    assert page.url.endswith("#cite-6-1")
    assert page.locator(".preview").count() == 0
