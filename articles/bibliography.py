"""The bibliography as patients see it: formatted once, when the body is rendered, and stored with it."""
from django.template.loader import render_to_string

from references.exports import FORMATS


def bibliography_html(slug, citations, *, published=True):
    """The public page's bibliography for `citations` (number, reference, occurrences, added_by_editors; in number order).

    With published=False (a draft's preview: its downloads answer 404 until it is published) it says
    when the downloads appear instead of linking to them.
    """
    return render_to_string(
        "articles/_bibliography.html",
        {"citations": citations, "export_slug": slug, "export_formats": FORMATS, "unpublished": not published},
    )
