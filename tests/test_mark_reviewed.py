"""Review as a workflow: one click marks a review done, next due a set interval later; overdue is flagged."""
from datetime import date, timedelta

from django.utils import timezone
from reversion.models import Version

from articles.reviews import months_later

from .admin_forms import change_form


def test_next_review_is_the_same_day_a_year_later_or_the_months_last_day():
    assert months_later(date(2026, 3, 15), 12) == date(2027, 3, 15)
    assert months_later(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert months_later(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_the_change_form_button_marks_the_review_done_with_the_typed_reviewer(editor_client, make_article, settings):
    settings.REVIEW_INTERVAL_MONTHS = 6
    article = make_article(title="Sleep", slug="sleep")
    url = f"/admin/articles/article/{article.pk}/change/"
    fields = change_form(editor_client, url)
    assert "Mark as reviewed today and save" in editor_client.get(url).content.decode()
    fields.update(reviewed_by="Dr Amina Shah", reviewer_credentials="GP", _mark_reviewed="1")
    response = editor_client.post(url, fields, follow=True)
    today = timezone.localdate()
    article.refresh_from_db()
    assert (article.last_reviewed, article.reviewed_by, article.reviewer_credentials) == (today, "Dr Amina Shah", "GP")
    assert article.next_review_due == months_later(today, 6)
    assert "is marked as reviewed today by Dr Amina Shah" in response.content.decode()


def test_the_list_action_marks_reviews_done_by_the_person_who_chose_it(editor_client, editor, make_article):
    first, second = make_article(title="One", slug="one"), make_article(title="Two", slug="two")
    response = editor_client.post("/admin/articles/article/", {"action": "mark_reviewed_today", "_selected_action": [first.pk, second.pk]}, follow=True)
    assert "2 article(s) marked as reviewed today by Eda Editor" in response.content.decode()
    first.refresh_from_db()
    assert first.reviewed_by == "Eda Editor" and first.next_review_due == months_later(timezone.localdate(), 12)
    assert Version.objects.get_for_object(first).first().revision.comment == "Marked as reviewed by Eda Editor."


def test_an_overdue_review_and_a_reading_level_over_target_are_flagged_on_the_change_form(editor_client, make_article):
    today = timezone.localdate()
    article = make_article(title="Old", slug="old", last_reviewed=today - timedelta(days=400), reviewed_by="Dr A",
                           next_review_due=today - timedelta(days=35))
    article.reading_grade = 11.2
    article.save()
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Review overdue:" in html and "Reading level over target:" in html and "grade 11.2" in html
    listing = editor_client.get("/admin/articles/article/").content.decode()
    assert "(overdue)" in listing and "11.2 (over the target of 8)" in listing
