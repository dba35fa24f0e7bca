"""Markdown with Pandoc-style citations -> sanitised HTML plus the citations it holds.

Pure: no ORM. `render_markdown(body, known_keys)` numbers references in order of
first citation (Vancouver), links each in-text number to its bibliography entry
and records every place it is cited, so the bibliography can link back.
"""
import re
import string
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .sanitize import sanitize

# [@key], [@a; @b]; "+@key" marks a citation added by the site's editors.
# Not followed by "(" so that a link whose text starts with @ stays a link.
CITE_KEY = r"\+?@[A-Za-z0-9_][A-Za-z0-9_-]*"
CITATION_PATTERN = r"\[\s*(" + CITE_KEY + r"(?:\s*;\s*" + CITE_KEY + r")*)\s*\](?!\()"
CITATION_RE = re.compile(CITATION_PATTERN)
# attr_list: "{#usual-dose}" after a paragraph gives it a stable anchor that other pages link to.
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "admonition", "toc", "attr_list"]
WORD_JOINER = "\u2060"
CALLOUT_LABELS = {"editor-note": "Note from this site's editors", "warning": "Important"}
# Every note box opens with whose note it is: a reader could take "Editor's note" for the
# original publisher's editor.
NOTE_TITLE = "Note from this site's editors"
# "!!! editor-note about-getting-ldn" links the note, as data, to the passage with id getting-ldn.
NOTE_TARGET_PREFIX = "about-"
_DEFAULT_NOTE_TITLES = {"", "editor's note", "editor’s note", "editor-note", NOTE_TITLE.casefold()}


@dataclass
class Occurrence:
    anchor: str
    section: str
    added_by_editors: bool


@dataclass
class CitedReference:
    key: str
    number: int
    occurrences: list = field(default_factory=list)

    @property
    def added_by_editors(self):
        """Whether every citation of it on the page was added by the site's editors, none by the author."""
        return all(o.added_by_editors for o in self.occurrences)


@dataclass
class EditorNote:
    """A note from this site's editors: the passages (anchors) it qualifies, its plain text and the keys it cites."""

    number: int
    anchors: list
    text: str = ""
    keys: list = field(default_factory=list)

    @property
    def id(self):
        return f"editor-note-{self.number}"


@dataclass
class Rendered:
    html: str
    citations: list  # CitedReference, in number order
    unknown_keys: list  # in order of first appearance
    headings: list  # [(level, id, text)] for a table of contents
    notes: list = field(default_factory=list)  # EditorNote, in reading order


def parse_keys(group: str):
    """[(key, added_by_editors)] from the inside of a citation bracket."""
    keys = []
    for part in group.split(";"):
        part = part.strip()
        keys.append((part.lstrip("+@"), part.startswith("+")))
    return keys


def cited_keys(body: str):
    """Every key that looks cited in a Markdown body, in order, once (a superset: code is not excluded)."""
    seen = {}
    for match in CITATION_RE.finditer(body or ""):
        for key, _ in parse_keys(match.group(1)):
            seen.setdefault(key, None)
    return list(seen)


class _CitationInline(InlineProcessor):
    def handleMatch(self, m, data):
        el = etree.Element("cite-group")
        el.set("keys", m.group(1))
        return el, m.start(0), m.end(0)


class _CitationTree(Treeprocessor):
    """Numbers placeholders in document order and builds links, back-link anchors, callouts."""

    def __init__(self, md, known_keys):
        super().__init__(md)
        self.known_keys = known_keys

    def run(self, root):
        numbers, cited, unknown, headings = {}, {}, [], []
        self.notes = []
        section = ""
        for el in list(root.iter()):
            if el.tag == "h1":  # the page title is the only h1; body headings start at h2
                el.tag = "h2"
            if el.tag in {"h2", "h3", "h4"}:
                section = el.get("id", "")
                headings.append((int(el.tag[1]), section, "".join(el.itertext()).strip()))
                _break_after_slashes(el)
            elif el.tag == "div" and "admonition" in el.get("class", "").split():
                self._callout(el)
            elif el.tag == "cite-group":
                self._citation(el, numbers, cited, unknown, section)
        self.md.citations = [cited[k] for k in sorted(cited, key=lambda k: cited[k].number)]
        self.md.unknown_keys = unknown
        self.md.headings = headings
        self.md.notes = [note for note, _ in self.notes]
        for note, el in self.notes:
            note.text = _note_text(el)

    def _citation(self, el, numbers, cited, unknown, section):
        keys = parse_keys(el.attrib.pop("keys"))
        whole_group_by_editors = all(added_by_editors for _, added_by_editors in keys)
        el.tag = "sup"
        el.set("class", "citation citation-editor" if whole_group_by_editors else "citation")
        # A word joiner keeps the number on the line of the word it follows: a phone
        # would otherwise start a line with "[3]".
        if whole_group_by_editors:
            el.text = WORD_JOINER
            hidden = etree.SubElement(el, "span", {"class": "visually-hidden"})
            hidden.text = "Citation added by the site's editors: "
            marker = etree.SubElement(el, "span", {"class": "citation-ed"})
            marker.text = "[ed. "
        else:
            el.text = WORD_JOINER + "["
        last = None
        for index, (key, added_by_editors) in enumerate(keys):
            if self.known_keys is not None and key not in self.known_keys:
                if key not in unknown:
                    unknown.append(key)
                last = etree.SubElement(el, "span", {"class": "citation-error"})
                last.text = f"unknown reference @{key}"
            else:
                if key not in numbers:
                    numbers[key] = len(numbers) + 1
                    cited[key] = CitedReference(key=key, number=numbers[key])
                number = numbers[key]
                ref = cited[key]
                anchor = f"cite-{number}-{len(ref.occurrences) + 1}"
                ref.occurrences.append(Occurrence(anchor=anchor, section=section, added_by_editors=added_by_editors))
                marked = added_by_editors and not whole_group_by_editors
                if marked:  # an editors' citation among the author's: set apart one by one
                    marker = etree.SubElement(el, "span", {"class": "citation-ed"})
                    marker.text = "ed. "
                last = etree.SubElement(
                    el,
                    "a",
                    {
                        "href": f"#ref-{number}",
                        "id": anchor,
                        "class": "citation-link",
                        "aria-label": f"Reference {number}, added by the site's editors"
                        if marked
                        else f"Reference {number}",
                    },
                )
                last.text = str(number)
            if index < len(keys) - 1:
                last.tail = ", "
        if last is not None:
            last.tail = "]"

    def _callout(self, el):
        classes = el.get("class", "").split()
        kind = next((c for c in classes if c in CALLOUT_LABELS), None)
        title = el.find("p")
        if kind is None:
            return
        label = CALLOUT_LABELS[kind]
        el.tag = "aside"
        el.attrib.clear()
        el.set("class", "editor-note" if kind == "editor-note" else "callout callout-warning")
        el.set("aria-label", label)
        # A note, not a landmark: an article with several notes would list several same-named asides.
        el.set("role", "note")
        if kind == "editor-note":
            self._note(el, classes, title)
        if title is not None and "admonition-title" in title.get("class", ""):
            title.set("class", "note-title")
            if kind == "warning":
                # NHS pattern: a visually hidden "Important:" so the warning is announced as one.
                hidden = etree.Element("span", {"class": "visually-hidden"})
                hidden.text = "Important: "
                hidden.tail = title.text
                title.text = None
                title.insert(0, hidden)


    def _note(self, el, classes, title):
        anchors = [c[len(NOTE_TARGET_PREFIX):] for c in classes if c.startswith(NOTE_TARGET_PREFIX)]
        # Citations inside are numbered later in the walk; their keys are still on the placeholders.
        keys = [key for group in el.iter("cite-group") for key, _ in parse_keys(group.get("keys", ""))]
        note = EditorNote(number=len(self.notes) + 1, anchors=anchors, keys=list(dict.fromkeys(keys)))
        el.set("id", note.id)
        self.notes.append((note, el))
        if title is not None and "admonition-title" in title.get("class", ""):
            typed = (title.text or "").strip()
            title.text = NOTE_TITLE if typed.casefold() in _DEFAULT_NOTE_TITLES else f"{NOTE_TITLE}: {typed}"


# A slash between words ("Agonists/Antagonists", not "1/2"): a line may break right after it.
SLASH_BREAK = re.compile(r"(?<=[^\W\d_]/)(?=[^\W\d_])")


def _break_after_slashes(heading):
    """Put a <wbr> after each slash in a heading's text.

    Chromium does not break a line after a slash between letters, and without hyphenation
    dictionaries (Debian's build has none) a heading too long for a phone at 200% zoom is
    split mid-word instead ("Antago-nists").
    """
    def split(text):
        parts = SLASH_BREAK.split(text or "")
        breaks = []
        for part in parts[1:]:
            wbr = etree.Element("wbr")
            wbr.tail = part
            breaks.append(wbr)
        return parts[0], breaks

    for child in list(heading):
        if child.tag != "code":
            _break_after_slashes(child)
        child.tail, breaks = split(child.tail)
        position = list(heading).index(child) + 1
        heading[position:position] = breaks
    heading.text, breaks = split(heading.text)
    heading[0:0] = breaks


def _note_text(el) -> str:
    """A note's words without its title or citation numbers, for showing it on other pages."""

    def walk(node):
        parts = [node.text or ""]
        for child in node:
            if child.tag != "sup" and child.get("class") != "note-title":
                parts.append(walk(child))
            parts.append(child.tail or "")
        return "".join(parts)

    text = " ".join(walk(el).replace(WORD_JOINER, "").split())
    return re.sub(r"\s+([.,;:])", r"\1", text)


class CitationExtension(Extension):
    def __init__(self, known_keys=None, **kwargs):
        self.known_keys = known_keys
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Staff write Markdown, not HTML: raw HTML is shown as text, never passed through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Above links (160) so "[@key]" is never read as a link; below code spans (190).
        md.inlinePatterns.register(_CitationInline(CITATION_PATTERN, md), "citation", 175)
        # After "toc" (5), so headings already carry their ids.
        md.treeprocessors.register(_CitationTree(md, self.known_keys), "citation_numbers", 4)


def render_markdown(body: str, known_keys=None) -> Rendered:
    """Render an article body; `known_keys=None` accepts every key (used by tests)."""
    md = markdown.Markdown(
        extensions=EXTENSIONS + [CitationExtension(known_keys=known_keys)],
        extension_configs={"toc": {"toc_depth": "2-4"}},
        output_format="html",
    )
    md.citations, md.unknown_keys, md.headings, md.notes = [], [], [], []
    html = md.convert(body or "")
    return Rendered(
        html=sanitize(html),
        citations=md.citations,
        unknown_keys=md.unknown_keys,
        headings=md.headings,
        notes=md.notes,
    )


def backlink_label(index: int) -> str:
    """a, b, ... z, aa, ab ... for the n-th (0-based) place a reference is cited."""
    letters = string.ascii_lowercase
    label = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        label = letters[rem] + label
    return label
