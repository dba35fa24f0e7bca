"""A rendered body split into its sections and top-level blocks, each with the anchor that reaches it.

Search lands on a block's anchor; the admin grades each section's reading level.
"""
from dataclasses import dataclass, field

from .html_tokens import inside, inside_class, text_of, tokens

HEADINGS = {"h2", "h3", "h4"}
# Citation numbers and screen-reader-only labels are not prose.
NOT_PROSE = {"sup"}


@dataclass
class Block:
    """One top-level element (a paragraph, list, note): its nearest anchor, plain text and HTML."""

    anchor: str
    text: str
    html: str


@dataclass
class Section:
    """The text under one heading (or before the first): its anchor, heading and blocks."""

    anchor: str
    heading: str
    blocks: list = field(default_factory=list)

    @property
    def html(self):
        return "".join(block.html for block in self.blocks)

    @property
    def text(self):
        return " ".join(block.text for block in self.blocks)


def split_sections(html: str) -> list:
    """The body's sections in reading order; the first holds whatever comes before any heading."""
    sections = [Section(anchor="", heading="")]
    anchor, raw, words = "", [], []
    for token in tokens(html):
        top_level = len(token.open) == 1
        if token.kind == "start" and top_level:
            raw, words = [], []
            anchor = token.attrs.get("id") or anchor
            if token.tag in HEADINGS:
                sections.append(Section(anchor=token.attrs.get("id", ""), heading=""))
        raw.append(token.raw)
        if token.kind == "text" and token.open and not inside(token, NOT_PROSE) and not inside_class(token, "visually-hidden"):
            words.append(text_of(token.raw))
        elif token.kind == "end" and top_level:
            text = " ".join("".join(words).split())
            section = sections[-1]
            if token.tag in HEADINGS and not section.blocks and not section.heading:
                section.heading = text
            elif text:
                section.blocks.append(Block(anchor=anchor, text=text, html="".join(raw)))
    return [section for section in sections if section.blocks or section.heading]
