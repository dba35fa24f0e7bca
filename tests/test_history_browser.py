"""A clinic editor in Chromium compares two old versions of an article from its History page."""
import pytest
import reversion

from articles.models import Article

pytestmark = pytest.mark.browser


def test_editor_compares_two_old_versions_word_by_word(site, editor_page):
    article = Article.objects.order_by("pk").first()
    body = article.body
    for sentence, note in [("The clinic adds a first sentence.", "First try"), ("The clinic adds a better sentence.", "Reworded"),
                           ("The clinic adds a better sentence. And one more.", "")]:
        with reversion.create_revision():
            article.body = f"{body}\n\n{sentence}"
            article.save()
            reversion.set_comment("Changed body." + (f"\n{note}" if note else ""))
    page = editor_page
    page.goto(f"{site.url}/admin/articles/article/{article.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 4
    assert "First version, loaded from the site's own content files." in rows.nth(3).inner_text()
    assert "Note: “Reworded”" in rows.nth(1).inner_text()
    # The two old versions: "First try" (third row) to "Reworded" (second row), not the newest.
    rows.nth(2).get_by_role("radio", name="Compare from").check()
    rows.nth(1).get_by_role("radio", name="Compare to").check()
    page.get_by_role("button", name="Compare the two chosen versions").click()
    page.wait_for_url("**/history/compare/?*")
    table = page.locator(".compare-table")
    # What a screen reader hears, and what is marked on screen.
    assert table.locator("del").text_content() == "[removed: first]"
    assert table.locator("ins").text_content() == "[added: better]"
    assert "And one more" not in table.inner_text()
    page.locator(".compare-table").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/issue15-compare.png")
