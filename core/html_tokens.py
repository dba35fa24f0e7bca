"""Walk sanitised body HTML token by token, so text can be read or rewritten without touching tags."""
from html import unescape
from html.parser import HTMLParser

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

    def result(self, html):
        self.feed(html or "")
        self.close()
        while self.stack:
            self.handle_endtag(self.stack[-1][0])
        return "".join(self.out)


def text_of(raw: str) -> str:
    """Plain text from escaped HTML text."""
    return unescape(raw)


class _StartTags(TokenWalker):
    def on_start(self, tag, attrs, raw):
        self.out.append((tag, attrs))

    def on_end(self, tag, raw):
        pass

    def on_text(self, raw):
        pass


def start_tags(html: str) -> list:
    """[(tag, attrs)] for every element in `html`, in document order."""
    walker = _StartTags()
    walker.feed(html or "")
    walker.close()
    return walker.out


def element_ids(html: str) -> set:
    """Every id in `html`: the anchors a link into the page can use."""
    return {attrs["id"] for _, attrs in start_tags(html) if attrs.get("id")}
