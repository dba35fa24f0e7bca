"""What the sources say, side by side, and the condition pages."""
import re

import pytest
from django.core.exceptions import ValidationError

from core.html_tokens import element_ids
from articles.models import Article
from compare.models import Claim, Condition, Topic


def cell_links(html):
    return re.findall(r'<a href="(/articles/[^"#]+/#[^"]+)">Read this in the article', html)


def test_every_cell_links_to_an_anchor_that_exists_on_the_article_page(client, seeded):
    html = client.get("/what-the-sources-say/").content.decode()
    targets = cell_links(html)
    assert len(targets) == Claim.objects.count() > 20
    pages = {}
    for target in targets:
        path, anchor = target.split("#")
        if path not in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            pages[path] = element_ids(response.content.decode())
        assert anchor in pages[path], f"{target} has no such anchor on the page"


def test_each_topic_sets_all_three_articles_side_by_side(client, seeded):
    html = client.get("/what-the-sources-say/").content.decode()
    for topic in Topic.objects.all():
        section = re.search(rf'<section class="compare-topic" aria-labelledby="{topic.slug}">(.*?)</section>', html, re.S)
        assert section, topic.slug
        for article in Article.objects.published():
            assert f"<h3>{article.title}</h3>" in section.group(1)


def test_the_page_says_plainly_where_the_sources_differ_on_dose(client, seeded):
    html = client.get("/what-the-sources-say/").content.decode()
    usual = re.search(r'aria-labelledby="usual-dose">(.*?)</section>', html, re.S).group(1)
    assert "Where the sources differ" in usual
    assert "about 50 mg" in usual and "50 to 100 mg" in usual and "50 to 300 mg" in usual
    low = re.search(r'aria-labelledby="low-dose">(.*?)</section>', html, re.S).group(1)
    assert "about 5 mg" in low and "1.5 to 4.5 mg" in low and "4.5 to 5 mg" in low
    assert "does not give a number" in low


def test_an_article_silent_on_a_topic_says_so(client, seeded):
    html = client.get("/what-the-sources-say/").content.decode()
    cost = re.search(r'aria-labelledby="cost-and-access">(.*?)</section>', html, re.S).group(1)
    assert cost.count("This article does not cover this.") == 2


def test_claims_from_a_draft_article_are_not_shown(client, seeded):
    Article.objects.filter(slug="ldn-for-fibromyalgia").update(status="draft")
    html = client.get("/what-the-sources-say/").content.decode()
    assert "/articles/ldn-for-fibromyalgia/" not in html
    assert "forty dollars" not in html


def test_a_claim_must_point_at_an_anchor_the_article_has(seeded):
    claim = Claim(
        topic=Topic.objects.first(),
        article=Article.objects.get(slug="naltrexone-for-analgesia"),
        statement="Something.",
        anchor="no-such-place",
    )
    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    message = str(error.value)
    assert "“no-such-place” is not an anchor" in message and "ldn-dose" in message


def test_seed_loading_twice_adds_nothing_and_keeps_staff_edits(seeded):
    from compare.seed import load_comparisons

    topic = Topic.objects.get(slug="usual-dose")
    topic.differences = "Edited by staff."
    topic.save()
    claim = Claim.objects.filter(topic=topic).first()
    claim.answer_blocks.all().delete()  # a claim an answer uses is protected (tests/test_questions.py)
    claim.delete()
    count = Claim.objects.count()
    assert "0 condition(s), 0 topic(s) and 0 claim(s) added" in load_comparisons()
    assert Topic.objects.get(slug="usual-dose").differences == "Edited by staff."
    assert Claim.objects.count() == count


def test_side_by_side_page_query_count_is_fixed(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get("/what-the-sources-say/").status_code == 200


def test_home_page_links_to_the_conditions_and_the_side_by_side_page(client, seeded):
    html = client.get("/").content.decode()
    assert 'href="/conditions/"' in html and 'href="/what-the-sources-say/"' in html


def test_conditions_page_lists_every_condition(client, seeded):
    html = client.get("/conditions/").content.decode()
    for condition in Condition.objects.all():
        assert f'href="{condition.get_absolute_url()}"' in html
    for name in ["Fibromyalgia", "Multiple sclerosis", "Crohn&#x27;s disease", "Neuropathy", "Interstitial cystitis"]:
        assert name in html


def test_condition_page_lists_its_articles_and_what_the_sources_say(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get("/conditions/multiple-sclerosis/")
    html = response.content.decode()
    assert "<h1>Multiple sclerosis</h1>" in html
    assert 'href="/articles/naltrexone-for-analgesia/"' in html and 'href="/articles/ldn-for-fibromyalgia/"' in html
    assert 'href="/articles/ldn-invisible-pain/"' not in html
    assert "Crohn" in html and "multiple sclerosis" in html
    assert 'href="/articles/naltrexone-for-analgesia/#ldn-dose"' in html


def test_unknown_condition_is_a_friendly_404(client, seeded):
    response = client.get("/conditions/no-such-thing/")
    assert response.status_code == 404


def test_editor_manages_claims_inside_a_topic(client, seeded):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("editor", "e@example.org", "pw-long-enough-1"))
    topic = Topic.objects.get(slug="usual-dose")
    html = client.get(f"/admin/compare/topic/{topic.pk}/change/").content.decode()
    assert "claims-0-anchor" in html and "within the target of 8 or lower" in html
    claim = topic.claims.first()
    html = client.get(f"/admin/compare/claim/{claim.pk}/change/").content.decode()
    assert "Where the article says it" in html


def test_conditions_are_a_to_z_whatever_the_case(client, db):
    for name in ["restless legs", "Fibromyalgia", "complex regional pain syndrome"]:
        Condition.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    html = client.get("/conditions/").content.decode()
    assert re.findall(r'<li><a href="/conditions/[a-z-]+/">([^<]+)</a></li>', html) == [
        "complex regional pain syndrome", "Fibromyalgia", "restless legs"]
