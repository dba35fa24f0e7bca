"""The write path: render a body once, store the HTML and sync its Citation rows.

The admin (after inlines are saved), the content loader and `render_articles`
all call `article_render`; `Article.save()` does not, because `loaddata` skips it.
"""
import difflib
import re

import nh3

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string

from references.models import Reference

from core.html_tokens import element_ids
from .limits import RenderTimeout, limit_problems, time_budget
from .images import alt_text_message, typed_addresses, undescribed_images, unserved_image_message, unserved_images
from .models import Article, Citation
from core.readability import reading_grade
from .rendering import cited_keys, render_markdown
from .sanitize import sanitize
from .signals import article_rendered


def unknown_key_message(key, all_keys):
    close = difflib.get_close_matches(key, all_keys, n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join('@' + k for k in close)}?" if close else ""
    return f"There is no reference with the key “@{key}”.{hint} Add it under References first, or fix the key."


def unknown_key_errors(keys):
    """One message per unknown key, each suggesting the closest existing keys."""
    if not keys:
        return []
    all_keys = list(Reference.objects.values_list("key", flat=True))
    return [unknown_key_message(key, all_keys) for key in keys]


class BodyTooComplex(ValidationError):
    """A body over one of the limits, or one that could not be rendered within the time budget."""


def body_errors(body, article=None):
    """Messages naming every unknown citation key, image without alt text, anchor problem and limit broken in `body`.

    With a saved `article`, an anchor that claims (or anything else with an `anchor`) point at
    must still be in the body: renaming it is refused, naming what uses it.
    """
    try:
        rendered = render_body(body)[0]
    except BodyTooComplex as error:
        return error.messages
    unserved = unserved_images(rendered.html)
    addresses = typed_addresses(body, rendered.html)
    # An image from another site gets one message, about where it comes from, not a second about its empty address.
    images = [alt_text_message(*image) for image in undescribed_images(rendered.html) if image[0] not in unserved]
    images += [unserved_image_message(n, addresses[n - 1] if addresses else "") for n in unserved]
    return unknown_key_errors(rendered.unknown_keys) + images + anchor_errors(rendered, article)


def passage_anchors(html):
    """The ids a note, claim or link may point at (citation back-link ids left out)."""
    return {anchor for anchor in element_ids(html) if not anchor.startswith("cite-")}


def _note_start(note):
    words = note.text.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def anchor_errors(rendered, article=None):
    """A note about an anchor the body lacks; an anchor that saved claims use and the body no longer has."""
    anchors = passage_anchors(rendered.html)
    hint = ", ".join(sorted(anchors)[:15]) or "none"
    errors = [
        f"The note from this site's editors that starts “{_note_start(note)}” is about “{anchor}”, "
        f"which is not an anchor in this article. Anchors it has: {hint}."
        for note in rendered.notes
        for anchor in note.anchors
        if anchor not in anchors
    ]
    if article is None or article.pk is None:
        return errors
    for relation in type(article)._meta.related_objects:
        model = relation.related_model
        if not any(f.name == "anchor" for f in model._meta.concrete_fields):
            continue
        users = model._default_manager.filter(**{relation.field.name: article}).exclude(anchor__in=anchors)
        for user in users:
            errors.append(
                f"The anchor “{user.anchor}” is used by the {model._meta.verbose_name} “{user}”, and this "
                f"version of the body no longer has it. Keep {{#{user.anchor}}} in the body, or change that "
                f"{model._meta.verbose_name} first."
            )
    return errors


def html_filters():
    """The ARTICLE_HTML_FILTERS functions (sanitised HTML -> HTML), in order; other apps add theirs there."""
    return [import_string(path) for path in getattr(settings, "ARTICLE_HTML_FILTERS", [])]


def count_words(html: str) -> int:
    """Words a reader sees in rendered HTML (tags stripped, entities left as one word)."""
    return len(re.findall(r"\w+(?:[’'-]\w+)*", nh3.clean(html, tags=set())))


def render_body(body):
    """Render a body against the references it cites; returns (Rendered, {key: Reference}).

    Raises BodyTooComplex, naming what to simplify, for a body over the limits or the time budget.
    """
    problems = limit_problems(body)
    if problems:
        raise BodyTooComplex(problems)
    references = Reference.objects.by_key(cited_keys(body))
    seconds = settings.RENDER_TIME_BUDGET_SECONDS
    try:
        with time_budget(seconds):
            rendered = render_markdown(body, known_keys=set(references))
    except RecursionError:
        raise BodyTooComplex(
            "The body nests Markdown too deeply to render (emphasis, lists, quotes or links inside each other); "
            "simplify the most deeply nested part."
        ) from None
    except RenderTimeout:
        raise BodyTooComplex(
            f"The body took longer than {seconds:g} seconds to render, so it was stopped; simplify it "
            "(fewer nested lists, quotes, brackets or links, blank lines between paragraphs)."
        ) from None
    for html_filter in html_filters():
        rendered.html = html_filter(rendered.html)
    # Sanitised last as well, so no filter can ever add what the allowlist refuses.
    rendered.html = sanitize(rendered.html)
    return rendered, references


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
