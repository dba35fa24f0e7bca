"""Reading level of a rendered body: Flesch-Kincaid grade of the text patients read."""
from decimal import Decimal
from html.parser import HTMLParser

import textstat

# Elements that end a sentence-like unit even without a full stop (a heading, a list item).
_BLOCKS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "pre"}
# Citation numbers and the screen-reader text inside them are not prose; asides are the
# site's own notes and warnings, graded on their own, so a source's level stays the source's.
_SKIPPED = {"sup", "aside"}


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.units, self.current, self.skipping = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1

    def handle_endtag(self, tag):
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self._close_unit()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)

    def _close_unit(self):
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.units.append(text if text[-1] in ".?!:;" else text + ".")

    def text(self):
        self._close_unit()
        return " ".join(self.units)


def plain_text(html: str) -> str:
    """The words of a rendered body, one sentence per block, without citation markers."""
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    return extractor.text()


def reading_grade(html: str) -> Decimal | None:
    """Flesch-Kincaid grade of a rendered body, to one decimal place; None when it has no words."""
    text = plain_text(html)
    if not text.strip(". "):
        return None
    grade = max(textstat.flesch_kincaid_grade(text), 0.0)
    return Decimal(str(round(grade, 1)))
