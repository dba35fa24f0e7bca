"""One pass over a body: render it against its references, run the HTML filters, sanitise, and find every problem.

Validation (`Article.clean`) and storing (`publishing.article_render`) share this pass, so a save
renders once. No model of this app is imported here: models.py uses it.
"""
import difflib
import re
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError

from core.html_tokens import element_ids
from references.models import Reference

from .image_sizes import add_image_sizes
from .images import alt_text_message, typed_addresses, undescribed_images, unserved_image_message, unserved_images
from .limits import RenderTimeout, limit_problems, time_budget
from .rendering import Rendered, cited_keys, render_markdown
from .sanitize import sanitize

# Functions (sanitised HTML -> HTML) that apps above this one add from their AppConfig.ready(),
# run in the order added, before this app's own image sizes and the last sanitising.
_html_filters = []


def add_html_filter(html_filter):
    """Run `html_filter` on every rendered body (glossary links its terms this way)."""
    if html_filter not in _html_filters:
        _html_filters.append(html_filter)


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


@dataclass
class BodyPass:
    """A body rendered once, with every problem found in it: what validation reports and storing keeps."""

    body: str
    rendered: Rendered | None  # None for a body over the limits or the time budget
    references: dict  # {key: Reference} of the keys it cites
    errors: list


def check_body(body, article=None) -> BodyPass:
    """Render `body` once and name every unknown citation key, image without alt text, anchor problem and limit broken.

    With a saved `article`, an anchor that claims (or anything else with an `anchor`) point at
    must still be in the body: renaming it is refused, naming what uses it.
    """
    try:
        rendered, references = render_body(body)
    except BodyTooComplex as error:
        return BodyPass(body, None, {}, error.messages)
    unserved = unserved_images(rendered.html)
    addresses = typed_addresses(body, rendered.html)
    # An image from another site gets one message, about where it comes from, not a second about its empty address.
    images = [alt_text_message(*image) for image in undescribed_images(rendered.html) if image[0] not in unserved]
    images += [unserved_image_message(n, addresses[n - 1] if addresses else "") for n in unserved]
    errors = unknown_key_errors(rendered.unknown_keys) + images + anchor_errors(rendered, article)
    return BodyPass(body, rendered, references, errors)


def body_errors(body, article=None):
    """The messages of check_body(body, article)."""
    return check_body(body, article).errors


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
    for html_filter in _html_filters:
        rendered.html = html_filter(rendered.html)
    rendered.html = add_image_sizes(rendered.html)
    # Sanitised last as well, so no filter can ever add what the allowlist refuses.
    rendered.html = sanitize(rendered.html)
    return rendered, references
