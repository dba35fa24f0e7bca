"""Plain words in Chromium: the refusal to delete a cited reference leads to the articles that cite it."""
import pytest

from tests.conftest import admin_log_in, close_quietly

pytestmark = pytest.mark.browser


def test_a_cited_reference_refuses_deletion_with_links_to_its_articles(site, browser):
    from django.contrib.auth.models import User

    from references.models import Reference

    User.objects.create_superuser("boss", "boss@example.org", "a-long-pass-phrase")
    reference = Reference.objects.get(key="younger2013")
    titles = sorted({citation.article.title for citation in reference.citations.all()})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    admin_log_in(page, site.url, "boss", "a-long-pass-phrase")
    page.goto(f"{site.url}/admin/references/reference/{reference.pk}/delete/")
    note = page.locator(".cannot-delete")
    assert "cannot be deleted: articles cite it" in note.inner_text()
    assert page.get_by_role("button", name="Yes, I’m sure").count() == 0
    page.screenshot(path="/tmp/issue15-cannot-delete.png")
    assert note.locator("li a[href*='/admin/articles/article/']").count() == len(titles) >= 1
    note.get_by_role("link", name=f"“{titles[0]}”").click()
    page.wait_for_url("**/change/")
    assert page.locator("#id_title").input_value() == titles[0]
    close_quietly(context)
