"""Turn everything public into stored passages (render once, store); the database indexes them as they are written."""
import re

from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags

from about.models import SiteSettings
from articles.models import Article
from compare.models import Condition, Topic
from core.sections import split_sections
from glossary.models import Term
from questions.models import Kind as PartKind, Question, Status as QuestionStatus
from references.models import Reference

from .models import Kind, Passage, PatientTerm, Voice, Word

# A top-level block the editors wrote, not the author: editor's notes and warning callouts.
EDITORS_BLOCK = re.compile(r'^\s*<aside\b[^>]*class="[^"]*\b(editor-note|callout)\b')
NOTE_ID = re.compile(r"editor-note-(\d+)")
WORD = re.compile(r"\w+")
PHRASING_SEPARATOR = "; "
MAX_WORD = 60


def remember_words(*texts):
    """Store the words of `texts` as written (lower case), for "Did you mean …"."""
    words = {word.casefold() for text in texts for word in WORD.findall(text or "")}
    words = {word for word in words if 3 <= len(word) <= MAX_WORD and not word.isdigit()}
    Word.objects.bulk_create([Word(word=word) for word in sorted(words)], ignore_conflicts=True)


def _store(passages):
    Passage.objects.bulk_create(passages)
    remember_words(*(f"{p.title} {p.heading} {p.keywords} {p.text}" for p in passages))


@transaction.atomic
def index_article(article):
    """Replace an article's passages: who wrote it, the key points, and each paragraph, list or note at its nearest anchor."""
    Passage.objects.filter(article=article, kind=Kind.ARTICLE).delete()
    url = article.get_absolute_url()
    common = {"kind": Kind.ARTICLE, "title": article.title, "article": article}
    byline = f"Written by {article.byline}." if article.byline else "The source does not name its author."
    publisher = f" Published by {article.publisher}." if article.publisher else ""
    passages = [
        Passage(**common, voice=Voice.NONE, heading="Who wrote it", text=byline + publisher, url=url, position=0),
        Passage(
            **common, voice=Voice.EDITORS, heading="Key points" if article.key_point_list else "In short",
            keywords=article.title,
            text=" ".join(article.key_point_list) or article.summary, url=f"{url}#key-points-heading", position=1,
        ),
    ]
    # A note lands on the passage it is about (`about-<anchor>`), where it stands beside the author's words.
    about = {f"editor-note-{note['number']}": note["anchors"][0] for note in article.editor_notes if note["anchors"]}
    for section in split_sections(article.body_html):
        for block in section.blocks:
            note = NOTE_ID.fullmatch(block.anchor) and EDITORS_BLOCK.match(block.html)
            anchor = about.get(block.anchor, block.anchor) if note else block.anchor
            passages.append(
                Passage(
                    **common,
                    voice=Voice.NOTE if note else Voice.EDITORS if EDITORS_BLOCK.match(block.html) else Voice.AUTHOR,
                    heading=section.heading[:300],
                    text=block.text,
                    url=f"{url}#{anchor}" if anchor else url,
                    position=len(passages),
                )
            )
    _store(passages)


@transaction.atomic
def index_term(term):
    """Replace a glossary term's passage: its name, other spellings and definition."""
    Passage.objects.filter(term=term).delete()
    others = f" Also written: {', '.join(term.synonym_list)}." if term.synonym_list else ""
    _store([Passage(
        kind=Kind.TERM, voice=Voice.EDITORS, title="Words explained", heading=term.name, text=term.definition + others,
        keywords="\n".join(term.spellings), url=term.get_absolute_url(), term=term,
    )])


@transaction.atomic
def index_reference(reference):
    """Replace a reference's passage: its formatted entry and what kind of evidence it is."""
    Passage.objects.filter(reference=reference).delete()
    text = f"{strip_tags(str(reference.formatted))} {reference.get_evidence_type_display()}."
    _store([Passage(
        kind=Kind.REFERENCE, voice=Voice.NONE, title=reference.title, text=text,
        url=reference.get_absolute_url(), reference=reference,
    )])


@transaction.atomic
def index_topic(topic):
    """Replace a side-by-side topic's passages: where the sources differ, and each claim under it."""
    Passage.objects.filter(Q(topic=topic) | Q(kind=Kind.COMPARE, claim__topic=topic)).delete()
    title = f"What the sources say: {topic.title}"
    passages = []
    if topic.differences:
        passages.append(Passage(
            kind=Kind.COMPARE, voice=Voice.EDITORS, title=title, heading="Where the sources differ",
            keywords=topic.title, text=topic.differences, url=topic.get_absolute_url(), position=topic.order * 100, topic=topic,
        ))
    for claim in topic.claims.select_related("article"):
        passages.append(Passage(
            kind=Kind.COMPARE, voice=Voice.EDITORS, title=title, heading=f"What “{claim.article.title}” says",
            text=claim.statement, url=topic.get_absolute_url(), position=topic.order * 100 + 1 + len(passages),
            topic=topic, claim=claim, article=claim.article,
        ))
    _store(passages)


@transaction.atomic
def index_condition(condition):
    """Replace a condition page's passage: its name and the editors' summary."""
    Passage.objects.filter(condition=condition).delete()
    _store([Passage(
        kind=Kind.CONDITION, voice=Voice.EDITORS, title=condition.name, heading="In short",
        keywords=condition.name, text=condition.summary or condition.name, url=condition.get_absolute_url(), condition=condition,
    )])


def _answer_part(block, articles, site_settings):
    """{heading, text, claim, article} for one part of an answer, in the words its page shows."""
    if block.kind == PartKind.CLAIM:
        claim = block.claim
        return {"heading": f"What “{claim.article.title}” says", "text": claim.statement, "claim": claim, "article": claim.article}
    if block.kind == PartKind.SOURCED:
        return {"heading": "This site's editors, from the sources named", "text": block.text}
    lines = [
        f"{article.title}: written by {article.byline or 'an author the source does not name'}"
        + (f", published by {article.publisher}." if article.publisher else ".")
        for article in articles
    ]
    if site_settings.publisher:
        lines.append(f"This site is published by {site_settings.publisher}.")
    if site_settings.clinical_lead:
        lines.append(f"The clinician responsible for it is {site_settings.clinical_lead}.")
    return {"heading": "Who wrote the articles and who checks this site", "text": " ".join(lines)}


@transaction.atomic
def index_question(question):
    """Replace a common question's passages: the ways patients ask it, then each part of its answer.

    Drafts have none. A part showing a claim names the claim and its article: it is hidden while that
    article is a draft, as on the question's page, and the claim's notes from this site's editors travel with it.
    """
    Passage.objects.filter(question=question).delete()
    if question.status != QuestionStatus.PUBLISHED:
        return
    url = question.get_absolute_url()
    common = {"kind": Kind.QUESTION, "title": question.question, "url": url, "question": question}
    asked = question.phrasing_list
    # The ways of asking weigh as text, not as a title: many near-alike lines would outweigh every page.
    passages = [Passage(
        **common, voice=Voice.NONE, keywords=question.question, heading="Also asked as" if asked else "",
        text=PHRASING_SEPARATOR.join(asked) or question.question, position=0,
    )]
    blocks = list(question.blocks.select_related("claim__article"))
    articles = site_settings = None
    if any(block.kind == PartKind.AUTHORSHIP for block in blocks):
        articles, site_settings = list(Article.objects.published()), SiteSettings.load()
    for block in blocks:
        passages.append(Passage(**common, **_answer_part(block, articles, site_settings), voice=Voice.EDITORS, position=len(passages)))
    _store(passages)


def questions_showing(*, claims=None, articles=None, authorship=False):
    """The questions whose answers show any of `claims`, a claim of `articles`, or who wrote and checks."""
    wanted = Q(pk__in=[])
    if claims is not None:
        wanted |= Q(blocks__claim__in=claims)
    if articles is not None:
        wanted |= Q(blocks__claim__article__in=articles)
    if authorship:
        wanted |= Q(blocks__kind=PartKind.AUTHORSHIP)
    return Question.objects.filter(wanted).distinct()


def index_patient_term(entry):
    """A patient word is a word "Did you mean …" may suggest (its meanings are already words of the site)."""
    remember_words(entry.phrase)


def rebuild():
    """Index everything again; returns the number of passages stored."""
    with transaction.atomic():
        Passage.objects.all().delete()
        Word.objects.all().delete()
        for article in Article.objects.all():
            index_article(article)
        for term in Term.objects.all():
            index_term(term)
        for reference in Reference.objects.all():
            index_reference(reference)
        for topic in Topic.objects.all():
            index_topic(topic)
        for condition in Condition.objects.all():
            index_condition(condition)
        for question in Question.objects.all():
            index_question(question)
        for entry in PatientTerm.objects.all():
            index_patient_term(entry)
    return Passage.objects.count()
