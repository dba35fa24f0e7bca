"""Link the first use of each glossary term in a rendered body to its definition.

Runs on the sanitised HTML (an HTML filter glossary adds to articles' rendering, glossary/apps.py), rewriting text nodes
only: never inside links, headings, code, citations or screen-reader-only text.
Each link works without JavaScript; "preview-link" lets static/js/reading.js show the
definition in the same popover as a citation.
"""
import re

from django.urls import reverse
from django.utils.html import format_html

from core.html_tokens import TokenWalker

from .models import Term

NEVER_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "sup", "abbr"}


def term_pattern(terms):
    """One case-insensitive pattern for every spelling of every term, longest first.

    Returns (compiled pattern or None, {group name: term}). A spelling also matches
    with a plural "s" or "es"; it never matches inside a longer word.
    """
    spellings = sorted(
        ((spelling, term) for term in terms for spelling in term.spellings),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    groups, alternatives = {}, []
    for index, (spelling, term) in enumerate(spellings):
        name = f"t{index}"
        groups[name] = term
        words = r"\s+".join(re.escape(word) for word in spelling.split())
        alternatives.append(f"(?P<{name}>{words}(?:e?s)?)")
    if not alternatives:
        return None, groups
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
    return pattern, groups


class _Linker(TokenWalker):
    def __init__(self, pattern, groups, glossary_url):
        super().__init__()
        self.pattern, self.groups, self.glossary_url = pattern, groups, glossary_url
        self.linked = set()

    # A character reference ("&amp;") is one character of text: a term called "amp" is not in it.
    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def on_text(self, raw):
        if self.inside(NEVER_INSIDE) or self.inside_class("visually-hidden"):
            self.out.append(raw)
            return
        position = 0
        for match in self.pattern.finditer(raw):
            term = self.groups[match.lastgroup]
            if term.pk in self.linked:
                continue
            self.linked.add(term.pk)
            self.out.append(raw[position : match.start()])
            # `raw` is already-escaped text, so the matched words go in as they are.
            self.out.append(
                format_html(
                    '<a class="glossary-term preview-link" href="{}#{}" data-term="{}">',
                    self.glossary_url,
                    term.anchor,
                    term.slug,
                )
                + match.group(0)
                + "</a>"
            )
            position = match.end()
        self.out.append(raw[position:])


def link_terms(html: str, terms=None) -> str:
    """`html` with the first use of each term linked to /glossary/#term-slug."""
    terms = list(Term.objects.all()) if terms is None else list(terms)
    pattern, groups = term_pattern(terms)
    if pattern is None:
        return html
    return _Linker(pattern, groups, reverse("glossary:list")).result(html)

