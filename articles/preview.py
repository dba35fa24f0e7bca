"""MARKDOWNX_MARKDOWNIFY_FUNCTION: the editor's live preview, built by the public page's renderer."""
from django.template.loader import render_to_string

from .body import BodyTooComplex, render_body, unknown_key_errors


def markdownify(content):
    """Sanitised body HTML, with unknown keys flagged and the bibliography as patients will see it."""
    try:
        rendered, references = render_body(content)
    except BodyTooComplex as error:
        return render_to_string("articles/_preview.html", {"body_html": "", "citations": [], "problems": error.messages})
    entries = [
        {
            "number": cited.number,
            "reference": references[cited.key],
            "occurrences": cited.occurrences,
            "added_by_editors": cited.added_by_editors,
        }
        for cited in rendered.citations
    ]
    return render_to_string(
        "articles/_preview.html",
        {
            "body_html": rendered.html,
            "citations": entries,
            "problems": unknown_key_errors(rendered.unknown_keys),
        },
    )
