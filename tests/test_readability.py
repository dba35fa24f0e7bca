"""Reading level: the site's own words meet grade 8; editors see each section's level next to the target."""
import re

import pytest
from django.contrib.auth.models import User

from django.utils.html import strip_tags

from articles.models import Article
from core.readability import reading_grade
from articles.rendering import render_markdown
from core.reading_report import TARGET_GRADE, grade_verdict, section_grades, text_grade
from compare.models import Claim, Condition, Topic
from glossary.models import Term


def over_target(texts):
    return [(name, text_grade(text), text) for name, text in texts if text and text_grade(text) > TARGET_GRADE]


def test_article_summaries_meet_the_target(seeded):
    assert over_target((a.slug, a.summary) for a in Article.objects.all()) == []


def test_key_points_meet_the_target(seeded):
    points = [(a.slug, point) for a in Article.objects.all() for point in a.key_point_list]
    assert len(points) >= 9
    assert over_target(points) == []


def test_glossary_definitions_meet_the_target(seeded):
    assert over_target((t.name, t.definition) for t in Term.objects.all()) == []


def test_side_by_side_statements_and_differences_meet_the_target(seeded):
    assert over_target((str(c), c.statement) for c in Claim.objects.all()) == []
    assert over_target((t.title, t.differences) for t in Topic.objects.all()) == []
    assert over_target((c.name, c.summary) for c in Condition.objects.all()) == []


def test_editors_notes_and_warning_boxes_in_the_articles_meet_the_target(seeded):
    asides = [
        # Citation numbers and their screen-reader labels are not read as prose.
        (article.slug, strip_tags(re.sub(r"<sup\b.*?</sup>", "", html, flags=re.S)))
        for article in Article.objects.all()
        for html in re.findall(r"<aside\b.*?</aside>", article.body_html, re.S)
    ]
    assert len(asides) >= 8
    assert over_target(asides) == []


def test_home_page_introduction_meets_the_target(client, seeded):
    lead = re.search(r'<p class="lead">(.*?)</p>', client.get("/").content.decode(), re.S).group(1)
    assert over_target([("home", strip_tags(lead).replace("\xa0", " "))]) == []


def test_an_articles_reading_level_is_its_authors_not_the_notes_beside_it(make_reference):
    make_reference(key="k1")
    plain = "The cat sat on the mat. It was warm."
    note = '\n\n!!! editor-note "Editor\'s note"\n    Pharmacokinetic heterogeneity notwithstanding, immunomodulatory mechanisms remain incompletely characterised.\n'
    assert reading_grade(render_markdown(plain + note).html) == reading_grade(render_markdown(plain).html)


def test_hard_text_is_reported_above_the_target():
    hard = ("Pharmacokinetic heterogeneity notwithstanding, immunomodulatory mechanisms attributable to "
            "toll-like receptor antagonism remain incompletely characterised in longitudinal investigations.")
    grade = text_grade(hard)
    assert grade > TARGET_GRADE
    assert "above the target of 8" in grade_verdict(grade)
    assert "within the target" in grade_verdict(text_grade("The cat sat on the mat. It was warm."))


def test_each_section_is_graded_without_counting_citation_numbers(make_article, make_reference):
    make_reference(key="k1")
    article = make_article("Intro words here.[@k1]\n\n## Dose\n\nTake one. It is small.\n\n## Safety\n\nAsk first.")
    rows = section_grades(article.body_html)
    assert [(heading, anchor) for heading, anchor, _ in rows] == [
        ("Opening (before the first heading)", ""), ("Dose", "dose"), ("Safety", "safety")
    ]
    assert all(grade is not None and grade <= TARGET_GRADE for _, _, grade in rows)


def test_editor_sees_reading_level_by_section_next_to_the_target(client, seeded):
    admin = User.objects.create_superuser("editor", "e@example.org", "pw-long-enough-1")
    client.force_login(admin)
    article = Article.objects.get(slug="ldn-for-fibromyalgia")
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "reading level by section" in html.lower()
    assert "Why Does LDN Work for Pain" in html
    assert "Target: grade 8 or lower" in html
    # The source's own text is reported as it is, not rewritten.
    assert "above the target of 8" in html
    assert "summary reading level" in html.lower()
