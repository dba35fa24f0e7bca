"""Turn articles, glossary terms and references into stored passages (render once, store)."""
from django.db import transaction
from django.utils.html import strip_tags

from core.sections import split_sections

from .models import Kind, Passage


@transaction.atomic
def index_article(article):
    """Replace an article's passages: one per paragraph, list or note, landing on its nearest anchor."""
    Passage.objects.filter(article=article).delete()
    url = article.get_absolute_url()
    passages = [
        Passage(kind=Kind.ARTICLE, title=article.title, heading="", text=article.summary, url=url, position=0, article=article)
    ]
    for section in split_sections(article.body_html):
        for block in section.blocks:
            passages.append(
                Passage(
                    kind=Kind.ARTICLE,
                    title=article.title,
                    heading=section.heading[:300],
                    text=block.text,
                    url=f"{url}#{block.anchor}" if block.anchor else url,
                    position=len(passages),
                    article=article,
                )
            )
    Passage.objects.bulk_create(passages)


@transaction.atomic
def index_term(term):
    """Replace a glossary term's passage: its name, other spellings and definition."""
    Passage.objects.filter(term=term).delete()
    others = f" Also written: {', '.join(term.synonym_list)}." if term.synonym_list else ""
    Passage.objects.create(
        kind=Kind.TERM, title=term.name, text=term.definition + others, url=term.get_absolute_url(), term=term
    )


@transaction.atomic
def index_reference(reference):
    """Replace a reference's passage: its formatted entry and what kind of evidence it is."""
    Passage.objects.filter(reference=reference).delete()
    text = f"{strip_tags(str(reference.formatted))} {reference.evidence_label}."
    Passage.objects.create(
        kind=Kind.REFERENCE, title=reference.title, text=text, url=reference.get_absolute_url(), reference=reference
    )


def rebuild():
    """Index everything again; returns the number of passages stored."""
    from articles.models import Article
    from glossary.models import Term
    from references.models import Reference

    Passage.objects.all().delete()
    for article in Article.objects.all():
        index_article(article)
    for term in Term.objects.all():
        index_term(term)
    for reference in Reference.objects.all():
        index_reference(reference)
    return Passage.objects.count()
