"""Clinic editors in Chromium: the leave prompt, and typing that survives closing the tab."""
import pytest

from articles.models import Article

pytestmark = pytest.mark.browser


def test_leaving_a_form_with_unsaved_typing_asks_first(site, editor_page):
    page = editor_page
    article = Article.objects.first()
    page.goto(f"{site.url}/admin/articles/article/{article.pk}/change/")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.locator("textarea.markdownx-editor").press("End")
    page.locator("textarea.markdownx-editor").press_sequentially(" A new sentence", delay=5)
    page.get_by_role("link", name="Articles").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(f"/{article.pk}/change/")


def test_typing_survives_closing_the_tab_and_is_restored(site, editor_page):
    page = editor_page
    article = Article.objects.first()
    url = f"{site.url}/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    body = page.locator("textarea.markdownx-editor")
    body.click()
    body.press("Control+End")
    body.press_sequentially("\n\nHalf a sentence typed just before the tab clos", delay=5)
    page.locator(".autosave-status").get_by_text("kept for you").wait_for(timeout=15_000)
    page.close()

    page = editor_page.context.new_page()
    page.goto(url)
    offer = page.locator(".autosave-offer")
    offer.wait_for(timeout=10_000)
    assert "You have unsaved changes from" in offer.inner_text() and "restore them?" in offer.inner_text()
    assert "Half a sentence" not in page.locator("textarea.markdownx-editor").input_value()
    page.screenshot(path="/tmp/issue15-autosave-offer.png", full_page=False)
    page.get_by_role("button", name="Restore them").click()
    assert page.locator("textarea.markdownx-editor").input_value().endswith("Half a sentence typed just before the tab clos")
    page.locator(".markdownx-preview").get_by_text("Half a sentence typed").wait_for(timeout=10_000)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{site.url}/admin/articles/article/")
    article.refresh_from_db()
    assert article.body.endswith("Half a sentence typed just before the tab clos")
    page.goto(url)
    page.wait_for_timeout(1000)
    assert page.locator(".autosave-offer").is_hidden()


def test_an_author_row_added_before_the_tab_closed_comes_back_on_restore(site, editor_page):
    from references.models import Reference

    page = editor_page
    reference = Reference.objects.get(key="younger2013")
    url = f"{site.url}/admin/references/reference/{reference.pk}/change/"
    page.goto(url)
    rows = page.locator("tr.author-row")
    count = rows.count()
    page.get_by_role("button", name="Add an author").click()
    page.get_by_label(f"Author {count + 1}: family name").press_sequentially("Newauthor", delay=5)
    page.get_by_label(f"Author {count + 1}: given names or initials").press_sequentially("Q", delay=5)
    page.locator(".autosave-status").get_by_text("kept for you").wait_for(timeout=15_000)
    page.close()

    page = editor_page.context.new_page()
    page.goto(url)
    page.locator(".autosave-offer").wait_for(timeout=10_000)
    assert page.locator("tr.author-row").count() == count
    page.get_by_role("button", name="Restore them").click()
    assert page.locator("tr.author-row").count() == count + 1
    assert page.get_by_label(f"Author {count + 1}: family name").input_value() == "Newauthor"
    assert page.get_by_label(f"Author {count + 1}: given names or initials").input_value() == "Q"
    assert page.get_by_label("Author 1: family name").input_value() == reference.authors[0].get("family", "")
