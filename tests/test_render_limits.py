"""Pathological bodies get a message naming what to simplify, in the live preview and on save; never a 500."""
import html

import pytest

from articles.limits import limit_problems
from articles.models import Article
from articles.body import BodyTooComplex, render_body
from tests.pathological_bodies import ALL_BODIES, ISSUE_BODIES

PREVIEW = "/markdownx/markdownify/"
ADD = "/admin/articles/article/add/"
REFUSED = [(name, body, words) for name, body, words in ALL_BODIES if words]


def text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("name,body,words", REFUSED, ids=[name for name, _, _ in REFUSED])
def test_limits_name_the_problem_before_rendering(name, body, words):
    assert any(words in message for message in limit_problems(body)), limit_problems(body)


def test_the_issues_example_message():
    body = "".join("    " * i + "- x\n" for i in range(300))
    assert "The body nests lists 300 deep; the most is 20." in limit_problems(body)


def test_the_seed_articles_are_within_every_limit():
    from pathlib import Path

    for path in Path("articles/content").glob("*.md"):
        assert limit_problems(path.read_text(encoding="utf-8")) == [], path


@pytest.mark.parametrize("name,body,words", ISSUE_BODIES, ids=[name for name, _, _ in ISSUE_BODIES])
def test_live_preview_shows_the_message(editor_client, name, body, words):
    response = editor_client.post(PREVIEW, {"content": body})
    assert response.status_code == 200
    assert "Fix before saving" in text(response) and words in text(response)


@pytest.mark.parametrize("name,body,words", ISSUE_BODIES, ids=[name for name, _, _ in ISSUE_BODIES])
def test_save_is_refused_with_the_message(editor_client, name, body, words):
    from tests.test_admin import form_data

    response = editor_client.post(ADD, form_data(body=body))
    assert response.status_code == 200
    assert words in text(response)
    assert not Article.objects.filter(slug="new-article").exists()


def test_recursion_becomes_a_message(db, settings):
    settings.RENDER_TIME_BUDGET_SECONDS = 0  # so the recursion, not the clock, stops it
    body = "*a " * 1000 + "b*" * 1000
    assert limit_problems(body) == []
    with pytest.raises(BodyTooComplex, match="nests Markdown too deeply"):
        render_body(body)


def test_time_budget_becomes_a_message(editor_client, settings):
    settings.RENDER_TIME_BUDGET_SECONDS = 0.001
    body = ("A long paragraph with *emphasis* and [a link](https://example.org). " * 40 + "\n\n") * 20
    response = editor_client.post(PREVIEW, {"content": body})
    assert response.status_code == 200
    assert "took longer than 0.001 seconds to render, so it was stopped" in text(response)


def test_a_stored_body_over_the_budget_keeps_its_page_when_a_term_changes(make_article, settings):
    from glossary.models import Term

    article = make_article(body="Naltrexone is a medicine. " * 50)
    stored = article.body_html
    settings.RENDER_TIME_BUDGET_SECONDS = 0.000_001
    Term.objects.create(name="Naltrexone", slug="naltrexone", definition="A medicine.")
    article.refresh_from_db()
    assert article.body_html == stored


def test_preview_is_rate_limited_per_editor(editor_client, settings):
    settings.PREVIEW_RATE_PER_MINUTE = 3
    answers = [editor_client.post(PREVIEW, {"content": "Hello."}).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    refusal = editor_client.post(PREVIEW, {"content": "Hello."})
    assert "preview is paused for a few seconds" in text(refusal) and int(refusal["Retry-After"]) <= 60


def test_editor_waits_after_the_last_keystroke_before_previewing(editor_client):
    page = editor_client.get(ADD).content.decode()
    assert 'data-markdownx-latency="800"' in page
