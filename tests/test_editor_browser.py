"""Clinic staff in real Chromium: the markdownx live preview, and the whole editing round trip."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Fictional: 10.5555 is the DOI prefix set aside for tests.
BIBTEX = """@article{Testwriter2021,
  author = {Testwriter, Ada and Example, Bo},
  title = {A made-up review used only by the test suite},
  journal = {J Test Med}, year = {2021}, volume = {3}, number = {1}, pages = {10--19},
  doi = {https://doi.org/10.5555/test.2021.1}
}"""


def test_editor_types_a_citation_and_sees_it_numbered_in_the_live_preview(site, editor_page):
    page = editor_page
    page.goto(f"{site.url}/admin/articles/article/add/")
    body = page.locator("textarea.markdownx-editor")
    body.click()
    body.press_sequentially("LDN was tested in a small trial.[@younger2013] ", delay=5)
    preview = page.locator(".markdownx-preview")
    link = preview.locator("sup.citation a.citation-link")
    link.wait_for(timeout=10_000)
    assert link.inner_text() == "1" and link.get_attribute("href") == "#ref-1"
    assert "Low-dose naltrexone for the treatment of fibromyalgia" in preview.locator("#ref-1").inner_text()

    body.press_sequentially("Another claim.[@younger2031]", delay=5)
    problem = preview.locator(".preview-problems")
    problem.wait_for(timeout=10_000)
    assert "There is no reference with the key “@younger2031”" in problem.inner_text()
    assert "Did you mean @younger2014, @younger2013, @younger2009?" in problem.inner_text()


def test_bad_upload_shows_the_servers_reason_and_leaves_the_text_alone(site, editor_page):
    page = editor_page
    page.goto(f"{site.url}/admin/articles/article/add/")
    body = page.locator("textarea.markdownx-editor")
    body.fill("My words.")
    # A drop of an HTML file named .png, through markdownx's own drop handler.
    page.evaluate(
        """() => {
          const editor = document.querySelector('textarea.markdownx-editor');
          const data = new DataTransfer();
          data.items.add(new File(['<html><script>alert(1)</script></html>'], 'cat.png', {type: 'image/png'}));
          editor.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true}));
        }"""
    )
    status = page.locator(".upload-status.is-error")
    status.wait_for(timeout=10_000)
    assert "not a PNG or JPEG image" in status.inner_text()
    page.wait_for_function("() => document.querySelector('textarea.markdownx-editor').value === 'My words.'")


def test_reference_from_bibtex_cited_previewed_published_and_restored(site, editor_page):
    page = editor_page
    # 1. A new reference from a pasted BibTeX entry.
    page.goto(f"{site.url}/admin/references/reference/")
    page.get_by_role("link", name="Add from BibTeX, RIS, CSL-JSON or PubMed").click()
    page.get_by_label("Paste one entry").fill(BIBTEX)
    page.get_by_role("button", name="Fill in the form").click()
    page.wait_for_url(re.compile(r"/admin/references/reference/add/\?"))
    assert page.get_by_label("Citation key").input_value() == "Testwriter2021"
    assert page.locator("#id_doi").input_value() == "10.5555/test.2021.1"
    page.get_by_label("Evidence type").select_option(label="A review of other research")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/references/reference/$"))
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    # 2. Cite it in a new article, using the key list beside the body.
    page.goto(f"{site.url}/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially("Reviews of LDN")
    assert page.locator("#id_slug").input_value() == "reviews-of-ldn"  # prepopulated
    page.locator("#id_summary").fill("What one review says.")
    body = page.locator("textarea.markdownx-editor")
    body.fill("A review looked at LDN.")
    page.locator("#reference-key-filter").fill("made-up")
    assert page.locator("li[data-search]:visible").count() == 1
    page.get_by_role("button", name="Insert a citation of Testwriter2021").click()
    assert body.input_value() == "A review looked at LDN.[@Testwriter2021]"
    page.locator(".markdownx-preview sup.citation a").wait_for(timeout=10_000)
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(re.compile(r"/admin/articles/article/\d+/change/$"))

    # 3. Preview the draft: the public page's layout, marked as a preview, not public.
    page.get_by_role("link", name="Preview draft").click()
    assert "Preview of a draft" in page.locator(".preview-banner").inner_text()
    assert page.locator("sup.citation a").first.inner_text() == "1"
    assert "A made-up review used only by the test suite" in page.locator("#ref-1").inner_text()
    article_url = f"{site.url}/articles/reviews-of-ldn/"
    assert page.request.get(article_url).status == 404
    page.get_by_role("link", name="Back to editing").click()

    # 4. Publish, then make a change we will regret.
    page.locator("#id_status").select_option("published")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(re.compile(r"/change/$"))
    page.locator("textarea.markdownx-editor").fill("An edit we regret.")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url(re.compile(r"/change/$"))
    page.goto(article_url)
    assert "An edit we regret." in page.locator(".article-body").inner_text()

    # 5. Restore the previous revision from the history, and see it on the public page.
    page.go_back()
    page.get_by_role("link", name="History").click()
    # A click returns once the next page starts loading; count() would not wait for its rows.
    expect(page.get_by_role("link", name="Restore this version")).to_have_count(3)
    page.get_by_role("link", name="Compare with current").nth(1).click()
    diff = page.locator(".word-diff")
    assert diff.locator("del").text_content() == "[removed: A review looked at LDN.[@Testwriter2021]]"
    assert diff.locator("ins").text_content() == "[added: An edit we regret.]"
    page.get_by_role("link", name="Restore the older version…").click()
    assert page.locator("textarea.markdownx-editor").input_value() == "A review looked at LDN.[@Testwriter2021]"
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    page.goto(article_url)
    assert "A review looked at LDN." in page.locator(".article-body").inner_text()
    assert "Testwriter A, Example B." in page.locator("#ref-1").inner_text()
