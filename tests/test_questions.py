"""Common questions: seeded, attributed part by part, in plain words, edited in the admin with clear refusals."""
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.html import strip_tags
from reversion.models import Version

from articles.models import Article
from core.reading_report import TARGET_GRADE, text_grade
from compare.models import Claim
from questions.models import AnswerBlock, Kind, Question
from questions.seed import load_questions
from references.models import Reference
from tests.admin_forms import change_form

OPIOIDS = "/questions/ldn-with-opioid-painkillers/"
ADD = "/admin/questions/question/add/"


class _Parts(HTMLParser):
    """Each answer part of a question page: its classes, the text it shows and the links in it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.depth = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "answer-part" in (attrs.get("class") or "").split():
            self.parts.append({"class": attrs["class"], "text": "", "links": []})
            self.depth = 1
        elif self.depth and tag == "div":
            self.depth += 1
        elif self.depth and tag == "a":
            self.parts[-1]["links"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts[-1]["text"] += data


def answer_parts(html):
    parser = _Parts()
    parser.feed(html)
    return [{**part, "text": " ".join(part["text"].split())} for part in parser.parts]


def test_the_seed_questions_all_load_published_with_answers(seeded):
    assert Question.objects.published().count() >= 7
    for slug in ["what-is-ldn", "ldn-doses", "ldn-with-opioid-painkillers", "ldn-side-effects", "fibromyalgia-evidence",
                 "cost-and-how-to-get-ldn", "who-wrote-and-checks-this-site"]:
        assert Question.objects.published().get(slug=slug).blocks.exists(), slug
    assert load_questions() == "Common questions: 0 question(s) added."  # again: nothing added, nothing changed


def test_every_part_of_every_answer_says_whose_it_is(client, seeded):
    """A claim names its article and links to the place; the editors' words name and link their sources."""
    for question in Question.objects.published():
        html = client.get(question.get_absolute_url()).content.decode()
        parts = answer_parts(html)
        blocks = list(question.blocks.select_related("claim__article").prefetch_related("references"))
        assert len(parts) == len(blocks), question.slug
        for part, block in zip(parts, blocks):
            if block.kind == Kind.CLAIM:
                assert part["text"].startswith(f"The article “{block.claim.article.title}”"), part
                assert block.claim.statement in part["text"]
                assert block.claim.get_absolute_url() in part["links"]
                for reference in block.claim.references.all():
                    assert reference.get_absolute_url() in part["links"], (question.slug, reference.key)
            elif block.kind == Kind.SOURCED:
                assert part["text"].startswith("This site's editors, from the source"), part
                assert block.text in part["text"]
                references = list(block.references.all())
                assert references
                assert all(reference.get_absolute_url() in part["links"] for reference in references)
            else:
                assert "/about/" in part["links"]


def test_the_opioid_answer_names_the_common_opioids_cites_cdc_and_the_labels_and_sends_you_to_your_doctor(client, seeded):
    html = client.get(OPIOIDS).content.decode()
    text = " ".join(strip_tags(html).split())
    for opioid in ["tramadol", "codeine", "oxycodone", "morphine", "hydrocodone", "fentanyl", "methadone", "tapentadol"]:
        assert opioid in text.lower(), opioid
    for key in ["cdc-prescription-opioids", "cdc-synthetic-opioids", "label-naltrexone-tablets", "label-vivitrol"]:
        assert f'href="/references/{key}/"' in html, key
    assert "ask your doctor before you take LDN" in text
    assert "They say nothing about low doses." in text
    # The six-hour spacing rule is never given in the site's own words.
    assert "six hours" not in " ".join(block.text for block in AnswerBlock.objects.filter(kind=Kind.SOURCED))


def test_every_claim_an_answer_uses_shows_its_editors_notes(client, seeded):
    shown = 0
    for question in Question.objects.published():
        parts = answer_parts(client.get(question.get_absolute_url()).content.decode())
        blocks = list(question.blocks.select_related("claim__article"))
        for part, block in zip(parts, blocks):
            for note in block.claim.editor_notes if block.claim else []:
                assert "Note from this site's editors" in part["text"] and note.text in part["text"], (question.slug, note.url)
                assert note.url in part["links"]
                shown += 1
    assert shown >= 3  # the six-hour rule, the dose figures, the Stanford figures at least


def test_the_fibromyalgia_answer_gives_the_published_figures(client, seeded):
    text = " ".join(strip_tags(client.get("/questions/fibromyalgia-evidence/").content.decode()).split())
    assert "pain fell by 28.8% on LDN and by 18.0% on the placebo" in text
    assert "That was 32% on LDN and 11% on the placebo." in text
    assert 'href="/references/younger2013/"' in client.get("/questions/fibromyalgia-evidence/").content.decode()


def test_the_editors_references_are_marked_as_the_editors_and_the_labels_as_full_dose_only(seeded):
    for key in ["label-naltrexone-tablets", "label-vivitrol", "cdc-prescription-opioids", "cdc-synthetic-opioids"]:
        reference = Reference.objects.get(key=key)
        assert reference.verification.startswith("Added by this site's editors (none of the three articles cites it)."), key
        assert all(citation.added_by_editors for citation in reference.citations.all()), key
    assert "they say nothing about low doses" in Reference.objects.get(key="label-naltrexone-tablets").verification


def test_questions_and_the_editors_words_are_in_plain_words(client, seeded):
    over = [(q.slug, text_grade(q.question)) for q in Question.objects.all() if text_grade(q.question) > TARGET_GRADE]
    over += [(str(b), text_grade(b.text)) for b in AnswerBlock.objects.exclude(text="") if text_grade(b.text) > TARGET_GRADE]
    assert over == []
    for question in Question.objects.published():
        html = client.get(question.get_absolute_url()).content.decode()
        answer = " ".join(strip_tags(p) for p in re.findall(r'<p class="answer-text">(.*?)</p>', html, re.S))
        if answer:
            assert text_grade(answer) <= TARGET_GRADE, question.slug


def test_the_list_shows_published_questions_only_and_drafts_are_for_staff(client, seeded, editor):
    draft = Question.objects.create(question="A draft question?", slug="a-draft", status="draft")
    AnswerBlock.objects.create(question=draft, kind=Kind.AUTHORSHIP)
    html = client.get("/questions/").content.decode()
    for question in Question.objects.published():
        assert f'<a href="{question.get_absolute_url()}">{question.question}</a>' in html
    assert "A draft question?" not in html
    assert client.get("/questions/a-draft/").status_code == 404
    staff = Client()
    staff.force_login(editor)
    page = staff.get("/questions/a-draft/").content.decode()
    assert "Draft: only staff can see this question." in page


def test_home_and_every_article_link_to_the_questions(client, seeded):
    assert 'href="/questions/"' in client.get("/").content.decode()
    for article in Article.objects.published():
        assert 'href="/questions/"' in client.get(article.get_absolute_url()).content.decode()


def test_a_claim_whose_article_becomes_a_draft_leaves_the_answer(client, seeded):
    Article.objects.filter(slug="naltrexone-for-analgesia").update(status="draft")
    html = client.get(OPIOIDS).content.decode()
    assert "Naltrexone for Analgesia" not in html and "/articles/naltrexone-for-analgesia/" not in html
    assert "tramadol" in html


def test_phrasings_are_one_per_line(db):
    question = Question(question="Q?", slug="q", phrasings="  can I take LDN with tramadol \n\n is LDN safe\n")
    assert question.phrasing_list == ["can I take LDN with tramadol", "is LDN safe"]


def test_the_sitemap_lists_the_questions(client, seeded):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/questions/</loc>" in xml
    for question in Question.objects.published():
        assert f"<loc>http://testserver{question.get_absolute_url()}</loc>" in xml


# --- the admin: editors write questions; bad input is refused naming the item, nothing lost ---


def question_form(client, url=ADD, blocks=(), **fields):
    data = change_form(client, url)
    data.update({"question": "Can I drink alcohol on LDN?", "slug": "alcohol-on-ldn", "phrasings": "LDN and alcohol\nbeer on LDN",
                 "status": "published", "order": "9"})
    data.update(fields)
    initial = int(data.get("blocks-INITIAL_FORMS", 0))
    data["blocks-TOTAL_FORMS"] = str(initial + len(blocks))
    for n, block in enumerate(blocks, start=initial):
        data.update({f"blocks-{n}-{name}": value for name, value in {"order": str(n + 1), "text": "", "claim": "", **block}.items()})
    return data


def test_an_editor_writes_a_question_from_a_claim_and_a_reference_with_history(editor_client, seeded):
    claim = Claim.objects.get(topic__slug="side-effects", article__slug="ldn-for-fibromyalgia")
    reference = Reference.objects.get(key="younger2013")
    reader = Client()
    assert reader.get("/questions/").status_code == 200  # cached now
    response = editor_client.post(ADD, question_form(editor_client, blocks=[
        {"kind": "claim", "claim": str(claim.pk)},
        {"kind": "sourced", "text": "The paper tested LDN in 31 women.", "references": [str(reference.pk)]},
    ]))
    assert response.status_code == 302, response.content.decode()[:3000]
    question = Question.objects.get(slug="alcohol-on-ldn")
    assert [b.kind for b in question.blocks.all()] == ["claim", "sourced"]
    assert Version.objects.get_for_object(question).count() == 1
    assert "Can I drink alcohol on LDN?" in reader.get("/questions/").content.decode()  # the cache was dropped
    page = reader.get("/questions/alcohol-on-ldn/").content.decode()
    assert claim.statement in page and "The paper tested LDN in 31 women." in page


def test_publishing_a_question_with_no_answer_is_refused_naming_it_and_keeps_what_was_typed(editor_client, seeded):
    response = editor_client.post(ADD, question_form(editor_client))
    html = response.content.decode()
    assert response.status_code == 200
    assert "“Can I drink alcohol on LDN?” has no answer yet: add at least one part to its answer before publishing it" in html
    assert 'value="Can I drink alcohol on LDN?"' in html and "beer on LDN" in html
    assert not Question.objects.filter(slug="alcohol-on-ldn").exists()
    # As a draft it may wait for its answer.
    assert editor_client.post(ADD, question_form(editor_client, status="draft")).status_code == 302


def test_removing_the_last_part_of_a_published_answer_is_refused(editor_client, seeded):
    question = Question.objects.get(slug="who-wrote-and-checks-this-site")
    url = f"/admin/questions/question/{question.pk}/change/"
    data = change_form(editor_client, url)
    data["blocks-0-DELETE"] = "on"
    html = editor_client.post(url, data).content.decode()
    assert "“Who wrote these articles, and who checks this site?” has no answer yet" in html
    assert question.blocks.count() == 1


@pytest.mark.parametrize("block, field, message", [
    ({"kind": "sourced", "text": "Words with no source."}, "references",
     "Choose at least one verified reference that says this: the site&#x27;s own words must cite a source."),
    ({"kind": "claim"}, "claim", "Choose the claim this part shows."),
    ({"kind": "claim", "claim": "999999"}, "claim", "Select a valid choice. That choice is not one of the available choices."),
])
def test_a_bad_answer_part_is_refused_next_to_the_field(editor_client, seeded, block, field, message):
    html = editor_client.post(ADD, question_form(editor_client, blocks=[block])).content.decode()
    assert message in html
    assert "Words with no source." in html or block.get("kind") == "claim"
    assert not Question.objects.filter(slug="alcohol-on-ldn").exists()


def test_a_claim_from_a_draft_article_is_refused_naming_the_claim_and_the_article(editor_client, seeded):
    Article.objects.filter(slug="ldn-for-fibromyalgia").update(status="draft")
    claim = Claim.objects.get(topic__slug="cost-and-access", anchor="cost")
    html = editor_client.post(ADD, question_form(editor_client, blocks=[{"kind": "claim", "claim": str(claim.pk)}])).content.decode()
    assert f"The claim “{claim}” comes from the draft article “Low-Dose Naltrexone for Fibromyalgia”" in html


def test_a_claim_used_by_an_answer_cannot_be_deleted(client, seeded):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    claim = AnswerBlock.objects.filter(kind=Kind.CLAIM).select_related("claim").first().claim
    html = client.get(f"/admin/compare/claim/{claim.pk}/delete/").content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "Answer block" in html or "answer block" in html


def test_the_content_file_naming_an_unknown_claim_or_reference_leaves_that_question_out_and_says_why(seeded, tmp_path):
    content = tmp_path / "questions.toml"
    content.write_text('''
[[question]]
slug = "unknown-reference"
question = "Does it cite a missing source?"
  [[question.block]]
  text = "Some words."
  references = ["younger2013", "no-such-key"]

[[question]]
slug = "unknown-claim"
question = "Does it use a missing claim?"
  [[question.block]]
  claim = { topic = "evidence", article = "ldn-for-fibromyalgia", anchor = "no-such-anchor" }

[[question]]
slug = "no-answer"
question = "Is it published with no answer?"

[[question]]
slug = "fine"
question = "Is this one fine?"
  [[question.block]]
  kind = "authorship"
''', encoding="utf-8")
    message = load_questions(content)
    assert message.startswith("Common questions: 1 question(s) added. Not added")
    assert "unknown-reference: part 1 cites unknown reference no-such-key" in message
    assert "unknown-claim: part 1: no claim on topic “evidence” from article “ldn-for-fibromyalgia” at anchor “no-such-anchor”" in message
    assert "no-answer: “Is it published with no answer?” has no answer yet" in message
    assert set(Question.objects.filter(slug__in=["unknown-reference", "unknown-claim", "no-answer", "fine"]).values_list("slug", flat=True)) == {"fine"}
