"""Publish at / withdraw at: checked when typed, carried out by `manage.py publish_scheduled`, seen at once by patients."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from questions.models import AnswerBlock, Kind, Question

from .admin_forms import change_form


def run():
    out, err = StringIO(), StringIO()
    call_command("publish_scheduled", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def comments(entry):
    return [version.revision.comment for version in Version.objects.get_for_object(entry)]


@pytest.fixture
def cached_home(client, settings, tmp_path):
    """The home page as an anonymous visitor gets it: from the page cache once stored."""
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "content-generation"
    return lambda: client.get("/").content.decode()


def test_a_draft_goes_public_at_its_time_once_and_the_cached_pages_show_it(make_article, cached_home, client, admin_client):
    article = make_article(title="LDN and sleep", slug="ldn-and-sleep", status="draft")
    due = timezone.now() - timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(publish_at=due)  # the time has come since it was saved
    assert "LDN and sleep" not in cached_home()
    assert "LDN and sleep" not in cached_home()  # stored in the page cache now

    out, err = run()
    assert out.strip() == "Article “LDN and sleep”: published." and err == ""
    article.refresh_from_db()
    assert article.is_published and article.publish_at is None
    assert "LDN and sleep" in cached_home()
    assert client.get("/articles/ldn-and-sleep/").status_code == 200
    assert comments(article)[0].startswith("Published as scheduled for ")
    history = admin_client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert f"Published as scheduled for {due.day} {due:%B %Y}, {due:%H:%M}." in history

    assert run() == ("", "")  # a second run finds nothing to do
    assert len(comments(article)) == 1


def test_a_published_article_is_withdrawn_at_its_time(make_article, cached_home, client):
    article = make_article(title="Old advice", slug="old-advice")
    Article.objects.filter(pk=article.pk).update(withdraw_at=timezone.now() - timedelta(seconds=5))
    assert "Old advice" in cached_home()
    out, _ = run()
    assert out.strip() == "Article “Old advice”: withdrawn."
    article.refresh_from_db()
    assert not article.is_published and article.withdraw_at is None
    assert "Old advice" not in cached_home()
    assert client.get("/articles/old-advice/").status_code == 404
    assert comments(article)[0].startswith("Withdrawn (made a draft) as scheduled for ")


def test_times_still_to_come_wait(make_article):
    article = make_article(title="Next week", status="draft")
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() + timedelta(days=7))
    assert run() == ("", "")
    article.refresh_from_db()
    assert not article.is_published and article.publish_at is not None


def test_a_question_is_published_only_with_an_answer(db, make_article):
    due = timezone.now() - timedelta(minutes=1)
    empty = Question.objects.create(question="Is LDN vegan?", slug="vegan", status="draft", publish_at=due)
    answered = Question.objects.create(question="Who wrote the articles?", slug="who", status="draft", publish_at=due)
    AnswerBlock.objects.create(question=answered, kind=Kind.AUTHORSHIP, order=1)
    out, err = run()
    assert "Common question “Who wrote the articles?”: published." in out
    assert "Common question “Is LDN vegan?”: not published: “Is LDN vegan?” has no answer yet" in err
    empty.refresh_from_db()
    answered.refresh_from_db()
    assert answered.status == "published" and empty.status == "draft" and empty.publish_at == due


@pytest.mark.parametrize(
    ("status", "publish", "withdraw", "field", "words"),
    [
        ("draft", 2, 1, "withdraw_at", "must come after the publishing"),
        ("published", 2, None, "publish_at", "This is already published"),
        ("draft", None, 2, "withdraw_at", "A draft is already hidden"),
    ],
)
def test_a_schedule_that_contradicts_itself_is_refused(make_article, status, publish, withdraw, field, words):
    now = timezone.now()
    article = make_article(status=status)
    article.publish_at = publish and now + timedelta(days=publish)
    article.withdraw_at = withdraw and now + timedelta(days=withdraw)
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert words in " ".join(refused.value.message_dict[field])


def test_a_time_that_has_passed_is_explained_in_the_form(editor_client, make_article):
    article = make_article(title="A draft", status="draft")
    url = f"/admin/articles/article/{article.pk}/change/"
    fields = change_form(editor_client, url)
    fields.update({"publish_at_0": "2026-01-05", "publish_at_1": "09:00:00"})
    html = editor_client.post(url, fields).content.decode()
    assert "5 January 2026, 09:00 has already passed" in html
    assert "To publish now, empty this box and set Status to Published" in html
    article.refresh_from_db()
    assert article.publish_at is None


def test_an_editor_schedules_a_draft_in_the_form(editor_client, make_article):
    article = make_article(title="A draft", status="draft")
    url = f"/admin/articles/article/{article.pk}/change/"
    fields = change_form(editor_client, url)
    later = timezone.now() + timedelta(days=2)
    fields.update({"publish_at_0": later.strftime("%Y-%m-%d"), "publish_at_1": "09:00:00"})
    assert editor_client.post(url, fields).status_code == 302
    article.refresh_from_db()
    assert article.publish_at.date() == later.date() and not article.is_published
    assert f"To be published on {later.day} {later:%B %Y}, 09:00 UTC." in editor_client.get("/admin/needs-attention/").content.decode()
    assert f"<strong>Scheduled:</strong> goes public on {later.day} {later:%B %Y}, 09:00 UTC." in editor_client.get(url).content.decode()


@pytest.mark.browser
def test_an_editor_sees_why_a_past_time_is_refused_beside_the_field(site, editor_page):
    article = Article.objects.order_by("pk").first()
    Article.objects.filter(pk=article.pk).update(status="draft")
    page = editor_page
    page.goto(f"{site.url}/admin/articles/article/{article.pk}/change/")
    page.locator("#id_publish_at_0").fill("2026-01-05")
    page.locator("#id_publish_at_1").fill("09:00")
    page.get_by_role("button", name="Save", exact=True).click()
    error = page.locator(".field-publish_at .errorlist")
    error.wait_for(timeout=10_000)
    assert "5 January 2026, 09:00 has already passed" in error.inner_text()
    error.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/issue15-schedule-past.png")
    page.locator("#id_publish_at_0").fill("2099-01-05")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{site.url}/admin/articles/article/")
    article.refresh_from_db()
    assert article.publish_at.year == 2099 and article.status == "draft"
