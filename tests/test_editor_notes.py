"""Notes from this site's editors: linked as data to the passage they qualify, shown wherever it is shown."""
import html as html_lib
import re

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article
from articles.rendering import render_markdown
from compare.models import Claim

NOTE_START = "Note from this site's editors"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html_lib.unescape(response.content.decode())


def claim_block(html, claim):
    """The HTML of one claim's box on a page (statement, its notes, its links)."""
    statement = html_lib.unescape(claim.statement)
    start = html.index(statement)
    return html[start:html.index('class="claim-meta"', start)]


# The data -----------------------------------------------------------------------------------

def test_a_note_is_linked_to_the_passage_it_names():
    body = "First.\n{#one}\n\nSecond.\n{#two}\n\n!!! editor-note about-one about-two\n    Both need care.\n"
    rendered = render_markdown(body)
    assert [(note.anchors, note.text) for note in rendered.notes] == [(["one", "two"], "Both need care.")]
    assert '<aside aria-label="Note from this site\'s editors" class="editor-note" id="editor-note-1" role="note">' in rendered.html


def test_a_claim_inherits_the_notes_of_its_passage(make_article):
    from compare.models import Topic

    article = make_article(body="The author's words.\n{#words}\n\n!!! editor-note about-words\n    A caveat.\n\nOther.\n{#other}\n")
    topic = Topic.objects.create(title="T", slug="t")
    on_it = Claim.objects.create(topic=topic, article=article, statement="S", anchor="words")
    elsewhere = Claim.objects.create(topic=topic, article=article, statement="S2", anchor="other")
    assert [note.text for note in on_it.editor_notes] == ["A caveat."]
    assert on_it.editor_notes[0].url == f"{article.get_absolute_url()}#editor-note-1"
    assert elsewhere.editor_notes == []


# Item 10: every box says whose it is, at its start ------------------------------------------

def test_every_note_box_on_every_article_opens_with_whose_note_it_is(client, seeded):
    for article in Article.objects.published():
        html = page(client, article.get_absolute_url())
        boxes = re.findall(r'<aside[^>]*class="editor-note"[^>]*>\s*<p class="note-title">(.*?)</p>', html, re.S)
        assert boxes, article.slug
        assert all(title.startswith(NOTE_START) for title in boxes), (article.slug, boxes)
        assert "Editor's note" not in html


def test_the_editors_warning_boxes_say_whose_they_are_at_the_start(client, seeded):
    for article in Article.objects.published():
        html = page(client, article.get_absolute_url())
        for box in re.findall(r'<aside class="callout callout-warning"[^>]*>(.*?)</aside>', html, re.S):
            first_paragraph = re.findall(r"<p>(.*?)</p>", box, re.S)[0]
            assert re.sub(r"<[^>]+>", "", first_paragraph).startswith("From this site's editors"), (article.slug, box)


# Build 1: a patient who reaches a passage or claim, by any page, sees its notes --------------

def test_every_claim_and_passage_with_a_note_shows_it_on_every_page_that_shows_it(client, seeded):
    claims = [claim for claim in Claim.objects.published().select_related("article") if claim.editor_notes]
    assert len(claims) >= 8
    side_by_side = page(client, "/what-the-sources-say/")
    for claim in claims:
        pages = [("side by side", side_by_side)]
        pages += [(condition.slug, page(client, condition.get_absolute_url())) for condition in claim.conditions.all()]
        for name, html in pages:
            block = claim_block(html, claim)
            for note in claim.editor_notes:
                assert NOTE_START in block and note.text in block and note.url in block, (name, str(claim), note.text)
    # Common questions: every answer block drawn from a claim shows the claim's notes.
    from questions.models import Question

    shown = 0
    for question in Question.objects.published():
        html = page(client, question.get_absolute_url())
        for block in question.blocks.select_related("claim__article"):
            for note in block.claim.editor_notes if block.claim_id else []:
                assert note.text in html and note.url in html, (question.slug, note.text)
                shown += 1
    assert shown >= 3
    for article in Article.objects.published():
        html = page(client, article.get_absolute_url())
        for note in article.notes:
            assert f'id="{note.url.split("#")[1]}"' in html


def test_search_results_for_a_passage_show_its_notes(client, seeded):
    html = page(client, "/search/?q=six+hours+apart")
    fibro = Article.objects.get(slug="ldn-for-fibromyalgia")
    (note,) = fibro.notes_for("getting-ldn")
    results = html.split('<ol class="search-results">')[1].split("</li>")
    # The passage itself is among the first results (the side-by-side claim drawn from it may rank above).
    (passage,) = [item for item in results[:4] if 'href="/articles/ldn-for-fibromyalgia/#getting-ldn"' in item]
    assert NOTE_START in passage and note.text in passage and note.url in passage


# Item 1: the six-hour rule ------------------------------------------------------------------

def test_the_six_hour_rule_has_a_note_beside_it_from_the_labels_sending_the_reader_to_their_doctor(seeded):
    fibro = Article.objects.get(slug="ldn-for-fibromyalgia")
    (note,) = fibro.notes_for("getting-ldn")
    assert "six-hour" in note.text and "no source" in note.text
    assert "opioid pain medicines" in note.text and "doctor" in note.text
    assert {"label-naltrexone-tablets", "label-vivitrol"} <= set(note.keys)
    # Beside the sentence: the box comes straight after the paragraph that gives the rule.
    after = fibro.body_html.split("at least six hours apart from LDN")[1]
    assert after.index('class="editor-note"') < after.index("<p")


def test_the_warning_box_no_longer_claims_to_repeat_the_author_while_leaving_out_the_six_hours(seeded):
    fibro = Article.objects.get(slug="ldn-for-fibromyalgia").body_html
    warning = fibro.split('class="callout callout-warning"')[1].split("</aside>")[0]
    assert "repeats what the author says above" not in warning
    assert "six hours" in warning and "note" in warning


def test_the_site_never_restates_the_six_hour_rule_in_its_own_voice(seeded):
    from compare.models import Topic

    for claim in Claim.objects.all():
        if "six hours" in claim.statement:
            assert claim.statement.startswith("The article says"), claim.statement
            assert "pain meds" in claim.statement and "pain medicines should" not in claim.statement
            assert claim.editor_notes, claim.statement
    for topic in Topic.objects.all():
        assert "six hours apart" not in topic.differences


# Bad input ----------------------------------------------------------------------------------

def test_a_note_about_an_anchor_the_article_lacks_is_an_error_naming_both(make_article):
    article = make_article(body="Text.\n{#real}\n")
    article.body = "Text.\n{#real}\n\n!!! editor-note about-rael\n    The six-hour rule has no source.\n"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    message = " ".join(error.value.message_dict["body"])
    assert "“rael”" in message and "The six-hour rule has no source" in message and "real" in message


def test_a_claim_citing_a_reference_its_article_does_not_cite_is_an_error_naming_it(make_article, make_reference):
    from compare.models import Topic

    cited, other = make_reference(key="cited"), make_reference(key="stranger")
    article = make_article(body="Words.[@cited]\n{#words}\n")
    claim = Claim.objects.create(topic=Topic.objects.create(title="T", slug="t"), article=article, statement="S", anchor="words")
    claim.references.set([cited])
    claim.validate_references([cited.pk])
    with pytest.raises(ValidationError) as error:
        claim.validate_references([cited.pk, other.pk])
    assert "stranger" in " ".join(error.value.messages) and str(article) in " ".join(error.value.messages)


def test_renaming_an_anchor_a_claim_uses_is_refused_naming_the_claim(make_article):
    from compare.models import Topic

    article = make_article(body="Words.\n{#words}\n")
    Claim.objects.create(topic=Topic.objects.create(title="Dose", slug="dose"), article=article, statement="S", anchor="words")
    article.body = "Words.\n{#renamed}\n"
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    message = " ".join(error.value.message_dict["body"])
    assert "“words”" in message and "Dose" in message
    assert Article.objects.get(pk=article.pk).body == "Words.\n{#words}\n"  # nothing lost
