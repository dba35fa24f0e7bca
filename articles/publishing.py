"""The write path: store a body's one rendering pass, its bibliography and its Citation rows.

The admin (once the form is saved), the content loader and `render_articles`
all call `article_render`; `Article.save()` does not, because `loaddata` skips it.
A pass made by `Article.clean()` for the same body is stored as it is, not rendered again.
"""
from django.core.exceptions import ValidationError
from django.db import transaction

from core.readability import reading_grade

from .bibliography import bibliography_html
from .body import BodyTooComplex, count_words, render_body, unknown_key_errors
from .models import Article, Citation
from .signals import article_rendered


@transaction.atomic
def article_render(*, article: Article) -> Article:
    """Render `article.body`, store `body_html` and replace its Citation rows.

    Raises ValidationError naming any unknown citation key; nothing is written then.
    """
    checked = article.__dict__.pop("_checked_body", None)
    if checked is not None and checked.body == article.body and checked.rendered is not None:
        rendered, references = checked.rendered, checked.references
    else:
        try:
            rendered, references = render_body(article.body)
        except BodyTooComplex as error:
            raise ValidationError({"body": error.messages}) from None
    if rendered.unknown_keys:
        raise ValidationError({"body": unknown_key_errors(rendered.unknown_keys)})
    article.body_html = rendered.html
    article.headings = [{"level": level, "id": anchor, "text": text} for level, anchor, text in rendered.headings]
    article.editor_notes = [{**vars(note), "number": note.number} for note in rendered.notes]
    article.word_count = count_words(rendered.html)
    article.reading_grade = reading_grade(rendered.html)
    citations = [
        Citation(
            article=article,
            reference=references[cited.key],
            number=cited.number,
            occurrences=[vars(o) for o in cited.occurrences],
            added_by_editors=cited.added_by_editors,
        )
        for cited in rendered.citations
    ]
    article.bibliography_html = bibliography_html(article.slug, sorted(citations, key=lambda c: c.number))
    # update(), not save(): rendering is not an edit, so "updated" (the edit token) stays put.
    Article.objects.filter(pk=article.pk).update(
        body_html=article.body_html,
        bibliography_html=article.bibliography_html,
        headings=article.headings,
        editor_notes=article.editor_notes,
        word_count=article.word_count,
        reading_grade=article.reading_grade,
    )
    article.citations.all().delete()
    Citation.objects.bulk_create(citations)
    article_rendered.send(sender=Article, article=article)
    return article


def stored_bibliography(article, citations):
    """The article's stored bibliography; one stored before bibliographies were is formatted from `citations` and stored now."""
    if not article.bibliography_html:
        article.bibliography_html = bibliography_html(article.slug, citations)
        Article.objects.filter(pk=article.pk).update(bibliography_html=article.bibliography_html)
    return article.bibliography_html


def refresh_bibliographies(sender, instance, raw=False, **kwargs):
    """A saved reference is formatted again in the stored bibliography of every article citing it (post_save of Reference)."""
    if raw:
        return  # loaddata and restore bring the stored bibliographies with them
    for article in Article.objects.filter(citations__reference=instance).distinct().only("pk", "slug"):
        citations = article.citations.select_related("reference").order_by("number")
        Article.objects.filter(pk=article.pk).update(bibliography_html=bibliography_html(article.slug, citations))
