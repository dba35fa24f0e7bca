"""The bibliography as patients see it: formatted once, when the body is rendered, and stored with it."""
from django.template.loader import render_to_string

from references.exports import FORMATS


def bibliography_html(slug, citations):
    """The public page's bibliography for `citations` (number, reference, occurrences, added_by_editors; in number order)."""
    return render_to_string(
        "articles/_bibliography.html", {"citations": citations, "export_slug": slug, "export_formats": FORMATS}
    )
