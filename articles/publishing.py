"""The write path: render a body once, store the HTML and sync its Citation rows.

The admin (after inlines are saved), the content loader and `render_articles`
all call `article_render`; `Article.save()` does not, because `loaddata` skips it.
"""
from django.core.exceptions import ValidationError
from django.db import transaction

from core.readability import reading_grade

from .body import BodyTooComplex, count_words, render_body, unknown_key_errors
from .models import Article, Citation
from .signals import article_rendered


@transaction.atomic
def article_render(*, article: Article) -> Article:
    """Render `article.body`, store `body_html` and replace its Citation rows.

    Raises ValidationError naming any unknown citation key; nothing is written then.
    """
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
    # update(), not save(): rendering is not an edit, so "updated" (the edit token) stays put.
    Article.objects.filter(pk=article.pk).update(
        body_html=article.body_html,
        headings=article.headings,
        editor_notes=article.editor_notes,
        word_count=article.word_count,
        reading_grade=article.reading_grade,
    )
    article.citations.all().delete()
    Citation.objects.bulk_create(
        Citation(
            article=article,
            reference=references[cited.key],
            number=cited.number,
            occurrences=[vars(o) for o in cited.occurrences],
            editor_added=cited.editor_only,
        )
        for cited in rendered.citations
    )
    article_rendered.send(sender=Article, article=article)
    return article
