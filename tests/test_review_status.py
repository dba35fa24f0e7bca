"""Item 11: the review status sits in the article's attribution block, and an overdue review says so."""
import datetime
import re

from articles.models import Article


def attribution(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<dl class="attribution">(.*?)</dl>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", block).split())


def test_an_unreviewed_page_says_so_in_its_attribution_block(client, make_article):
    block = attribution(client, make_article())
    assert "Checked for this site" in block
    assert "No clinician has reviewed this page for this site yet." in block


def test_a_review_in_date_is_shown_with_who_and_when_in_the_attribution_block(client, make_article):
    today = datetime.date.today()
    article = make_article(
        last_reviewed=today - datetime.timedelta(days=10), reviewed_by="Dr Amina Shah", reviewer_credentials="GP",
        next_review_due=today + datetime.timedelta(days=300),
    )
    block = attribution(client, article)
    assert "Dr Amina Shah, GP" in block and "Next review due" in block
    assert "overdue" not in block


def test_an_overdue_review_is_said_plainly_in_the_attribution_block(client, make_article):
    today = datetime.date.today()
    due = today - datetime.timedelta(days=90)
    article = make_article(
        last_reviewed=today - datetime.timedelta(days=400), reviewed_by="Dr Amina Shah",
        next_review_due=due,
    )
    block = attribution(client, article)
    assert f"The next review was due on {due:%-d %B %Y} and has not been done yet" in block
    assert "Parts of this page may be out of date." in block
    assert Article.objects.get(pk=article.pk).review_overdue
