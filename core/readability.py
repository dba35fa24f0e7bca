"""Reading level of a rendered body: Flesch-Kincaid grade of the text patients read."""
from decimal import Decimal

import textstat

from .html_tokens import text_of, tokens

# Elements that end a sentence-like unit even without a full stop (a heading, a list item).
_BLOCKS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "pre"}
# Citation numbers and the screen-reader text inside them are not prose; asides are the
# site's own notes and warnings, graded on their own, so a source's level stays the source's.
_SKIPPED = {"sup", "aside"}


def plain_text(html: str) -> str:
    """The words of a rendered body, one sentence per block, without citation markers."""
    units, current, skipping = [], [], 0

    def close_unit():
        text = " ".join("".join(current).split())
        current.clear()
        if text:
            units.append(text if text[-1] in ".?!:;" else text + ".")

    for token in tokens(html):
        if token.kind == "start" and token.tag in _SKIPPED:
            skipping += 1
        elif token.kind == "end" and token.tag in _SKIPPED and skipping:
            skipping -= 1
        elif token.kind == "end" and token.tag in _BLOCKS:
            close_unit()
        elif token.kind == "text" and not skipping:
            current.append(text_of(token.raw))
    close_unit()
    return " ".join(units)


def reading_grade(html: str) -> Decimal | None:
    """Flesch-Kincaid grade of a rendered body, to one decimal place; None when it has no words."""
    text = plain_text(html)
    if not text.strip(". "):
        return None
    grade = max(textstat.flesch_kincaid_grade(text), 0.0)
    return Decimal(str(round(grade, 1)))
