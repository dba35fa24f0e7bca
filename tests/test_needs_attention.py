"""The "Needs attention" page: overdue reviews, drafts and pasted references not yet checked, linked from the admin's home."""
from datetime import date, timedelta

import pytest
from django.utils import timezone

from questions.models import Question

URL = "/admin/needs-attention/"


@pytest.fixture
def waiting(make_article, make_reference):
    today = timezone.localdate()
    return {
        "overdue": make_article(
            title="LDN and sleep", last_reviewed=today - timedelta(days=400), reviewed_by="Dr Amina Shah",
            next_review_due=today - timedelta(days=35),
        ),
        "current": make_article(
            title="Reviewed in time", last_reviewed=today - timedelta(days=10), reviewed_by="Dr Amina Shah",
            next_review_due=today + timedelta(days=300),
        ),
        "draft": make_article(title="A draft about pain", status="draft"),
        "question": Question.objects.create(question="Is LDN safe with tramadol?", slug="tramadol", status="draft"),
        "pasted": make_reference(
            key="pasted2021", verification="Filled in from a pasted BibTeX entry; not yet checked against the source."
        ),
        "checked": make_reference(key="checked2020", verification="DOI and authors confirmed against the publisher."),
    }


def test_the_admin_home_links_to_the_page_with_how_many_entries_wait(editor_client, waiting):
    html = editor_client.get("/admin/").content.decode()
    assert f'<a href="{URL}">Needs attention</a>: 4 entries' in html


def test_each_waiting_entry_is_listed_in_its_section_with_a_link_to_its_form(editor_client, waiting):
    response = editor_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    overdue, draft, question, pasted = (waiting[name] for name in ["overdue", "draft", "question", "pasted"])
    due = overdue.next_review_due
    assert "Reviews overdue (1)" in html and "Drafts (2)" in html and "Pasted references not yet checked (1)" in html
    assert f'<a href="/admin/articles/article/{overdue.pk}/change/">LDN and sleep</a>' in html
    assert f"Review was due on {due.day} {due:%B %Y}; last reviewed" in html and "by Dr Amina Shah." in html
    assert f'<a href="/admin/articles/article/{draft.pk}/change/">A draft about pain</a>' in html
    assert f'<a href="/admin/questions/question/{question.pk}/change/">Is LDN safe with tramadol?</a>' in html
    assert f'<a href="/admin/references/reference/{pasted.pk}/change/">pasted2021:' in html
    assert "Reviewed in time" not in html and "checked2020" not in html


def test_checking_a_reference_and_publishing_the_drafts_clears_them(editor_client, waiting):
    waiting["pasted"].verification = "Checked against PubMed."
    waiting["pasted"].save()
    for name in ["draft", "question"]:
        waiting[name].status = "published"
        waiting[name].save()
    html = editor_client.get(URL).content.decode()
    assert "Drafts (0)" in html and "No drafts: everything is published." in html
    assert "Pasted references not yet checked (0)" in html
    assert "Reviews overdue (1)" in html


def test_staff_without_permissions_are_refused_and_visitors_sent_to_log_in(client, staff_without_permissions, waiting):
    assert client.get(URL).status_code == 302
    client.force_login(staff_without_permissions)
    response = client.get(URL)
    assert response.status_code == 403
    assert "LDN and sleep" not in response.content.decode()


def test_someone_who_may_see_only_references_sees_only_that_section(client, staff_without_permissions, waiting):
    from django.contrib.auth.models import Permission

    staff_without_permissions.user_permissions.add(Permission.objects.get(codename="view_reference"))
    client.force_login(staff_without_permissions)
    html = client.get(URL).content.decode()
    assert "Pasted references not yet checked (1)" in html
    assert "Reviews overdue" not in html and "Drafts" not in html and "LDN and sleep" not in html


def test_the_page_needs_a_fixed_number_of_queries(editor_client, waiting, make_article, django_assert_max_num_queries):
    for n in range(20):
        make_article(title=f"Draft {n}", status="draft")
    with django_assert_max_num_queries(12):
        editor_client.get(URL)


@pytest.mark.browser
def test_an_editor_goes_from_the_admin_home_to_an_overdue_article(site, editor_page):
    from articles.models import Article

    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(
        last_reviewed=date(2025, 1, 6), reviewed_by="Dr Amina Shah", next_review_due=date(2026, 1, 6)
    )
    page = editor_page
    page.goto(f"{site.url}/admin/")
    page.screenshot(path="/tmp/issue15-admin-home.png")
    page.get_by_role("link", name="Needs attention").click()
    page.wait_for_url(f"{site.url}{URL}")
    overdue = page.get_by_role("region", name="Reviews overdue (1)")
    assert "Review was due on 6 January 2026" in overdue.inner_text()
    page.screenshot(path="/tmp/issue15-needs-attention.png", full_page=True)
    overdue.get_by_role("link", name=article.title).click()
    page.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    assert "Review overdue:" in page.locator(".review-warning").first.inner_text()
