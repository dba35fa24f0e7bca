"""Walk sanitised body HTML token by token, so text can be read or rewritten without touching tags.

`tokens(html)` tokenises a string once and keeps the last few: the passes that read a stored body
after rendering (image checks, anchors, reading level, sections for search) share one tokenisation.
"""
from functools import lru_cache
from html import unescape
from html.parser import HTMLParser
from typing import NamedTuple

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TokenWalker(HTMLParser):
    """Re-emits HTML exactly as given; subclasses override `on_start`, `on_end` and `on_text`.

    Text reaches `on_text` still escaped (convert_charrefs=False), so whatever a subclass
    writes back around it stays valid HTML. `self.stack` holds the open elements as
    (tag, attrs) pairs, the element being opened or closed included.
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack = []
        self.out = []

    # Hooks ---------------------------------------------------------------------------
    def on_start(self, tag, attrs, raw):
        self.out.append(raw)

    def on_end(self, tag, raw):
        self.out.append(raw)

    def on_text(self, raw):
        self.out.append(raw)

    # Parser callbacks ----------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            self.stack.append((tag, attrs))
            self.on_start(tag, attrs, self.get_starttag_text())
            self.stack.pop()
            self.on_end(tag, "")
        else:
            self.stack.append((tag, attrs))
            self.on_start(tag, attrs, self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID or not any(open_tag == tag for open_tag, _ in self.stack):
            return  # a stray end tag: sanitised HTML has none, and dropping it keeps the tree sound
        while self.stack:
            self.on_end(self.stack[-1][0], f"</{self.stack[-1][0]}>")
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.on_text(data)

    def handle_entityref(self, name):
        self.on_text(f"&{name};")

    def handle_charref(self, name):
        self.on_text(f"&#{name};")

    def handle_comment(self, data):
        pass  # the sanitiser strips comments; never re-emit one

    def inside(self, tags):
        """True when any open element is one of `tags`."""
        return any(tag in tags for tag, _ in self.stack)

    def inside_class(self, name):
        """True when any open element carries the class `name`."""
        return any(name in (attrs.get("class") or "").split() for _, attrs in self.stack)

    def walk(self, html):
        """Every hook called for `html`, elements still open at the end closed."""
        self.feed(html or "")
        self.close()
        while self.stack:
            self.handle_endtag(self.stack[-1][0])

    def result(self, html):
        self.walk(html)
        return "".join(self.out)


def text_of(raw: str) -> str:
    """Plain text from escaped HTML text."""
    return unescape(raw)


class Token(NamedTuple):
    """One step of a walk: a start tag, an end tag or a run of text, with the elements open at that moment."""

    kind: str  # "start", "end" or "text"
    tag: str  # "" for text
    attrs: dict  # a start tag's attributes ({} otherwise); shared by every reader, so never changed
    raw: str  # as written: the start tag, "</tag>" ("" for a void element), or text still escaped
    open: tuple  # the open elements as (tag, attrs), as TokenWalker's stack holds them at this step


class _Recorder(TokenWalker):
    def on_start(self, tag, attrs, raw):
        self.out.append(Token("start", tag, attrs, raw, tuple(self.stack)))

    def on_end(self, tag, raw):
        self.out.append(Token("end", tag, {}, raw, tuple(self.stack)))

    def on_text(self, raw):
        self.out.append(Token("text", "", {}, raw, tuple(self.stack)))


def tokenise(html: str) -> tuple:
    """Every token of `html` in order (elements still open at the end are closed)."""
    recorder = _Recorder()
    recorder.walk(html)
    return tuple(recorder.out)


@lru_cache(maxsize=32)
def _tokens(html: str) -> tuple:
    return tokenise(html)


def tokens(html: str) -> tuple:
    """The tokens of `html`, tokenised once for every pass that reads the same string."""
    return _tokens(html or "")


def inside(token: Token, tags) -> bool:
    """True when any element open at `token` is one of `tags`."""
    return any(tag in tags for tag, _ in token.open)


def inside_class(token: Token, name: str) -> bool:
    """True when any element open at `token` carries the class `name`."""
    return any(name in (attrs.get("class") or "").split() for _, attrs in token.open)


def start_tags(html: str) -> list:
    """[(tag, attrs)] for every element in `html`, in document order."""
    return [(token.tag, token.attrs) for token in tokens(html) if token.kind == "start"]


def element_ids(html: str) -> set:
    """Every id in `html`: the anchors a link into the page can use."""
    return {attrs["id"] for _, attrs in start_tags(html) if attrs.get("id")}
