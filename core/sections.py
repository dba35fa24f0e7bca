"""A rendered body split into its sections and top-level blocks, each with the anchor that reaches it.

Search lands on a block's anchor; the admin grades each section's reading level.
"""
from dataclasses import dataclass, field

from .html_tokens import TokenWalker, text_of

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


class _Splitter(TokenWalker):
    def __init__(self):
        super().__init__()
        self.sections = [Section(anchor="", heading="")]
        self.anchor = ""
        self.raw, self.words = [], []

    def on_start(self, tag, attrs, raw):
        if len(self.stack) == 1:
            self.raw, self.words = [], []
            if attrs.get("id"):
                self.anchor = attrs["id"]
            if tag in HEADINGS:
                self.sections.append(Section(anchor=attrs.get("id", ""), heading=""))
        self.raw.append(raw)

    def on_text(self, raw):
        self.raw.append(raw)
        if self.stack and not self.inside(NOT_PROSE) and not self.inside_class("visually-hidden"):
            self.words.append(text_of(raw))

    def on_end(self, tag, raw):
        self.raw.append(raw)
        if len(self.stack) == 1:
            text = " ".join("".join(self.words).split())
            section = self.sections[-1]
            if tag in HEADINGS and not section.blocks and not section.heading:
                section.heading = text
            elif text:
                section.blocks.append(Block(anchor=self.anchor, text=text, html="".join(self.raw)))


def split_sections(html: str) -> list:
    """The body's sections in reading order; the first holds whatever comes before any heading."""
    splitter = _Splitter()
    splitter.result(html)
    return [section for section in splitter.sections if section.blocks or section.heading]
