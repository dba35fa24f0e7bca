"""Store hostile text in every field staff can type into, and check HTML the way a browser parses it.

Fields are found from the models, not listed by hand: every editable text field (CharField,
TextField, URLField) that is not a slug or a choice gets the hostile text, so a field added
later is covered too.
"""
import json
import re

import html5lib
from django.db import models

from articles.sanitize import ATTRIBUTES, CLASSES, TAGS, URL_SCHEMES, is_site_path

MARKER = "Hostile"
# Browsers drop these from an address before reading its scheme.
_IGNORED = {ord(ch): None for ch in "\t\n\r"}
_LEADING = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "livescript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "ping", "srcset", "xlink:href", "codebase"}
FORBIDDEN_ATTRIBUTES = {"srcdoc", "formaction", "xlink:href", "http-equiv"}
FORBIDDEN_ELEMENTS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math", "template",
    "noscript", "style", "audio", "video", "source", "marquee", "isindex", "x", "mglyph",
}
# Scripts our own pages load; anything else with src is someone else's.
OWN_SCRIPT_PREFIXES = ("/static/", "/admin/jsi18n/")


def url_scheme(value: str) -> str:
    """The scheme a browser would read from an attribute value (already entity-decoded), lower case."""
    match = _SCHEME.match(value.translate(_IGNORED).lstrip(_LEADING))
    return match.group(1).lower() if match else ""


def _elements(html, fragment=False):
    parse = html5lib.parseFragment if fragment else html5lib.parse
    tree = parse(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in tree.iter():
        if isinstance(element.tag, str):
            # Foreign elements (svg, math) come back as "{namespace}name".
            yield element.tag.rsplit("}", 1)[-1].lower(), element


def page_problems(html: str, fragment=False) -> list:
    """What in `html` could run script or load another page's code, as a browser would parse it."""
    problems = []
    for tag, element in _elements(html, fragment):
        attrs = {name.rsplit("}", 1)[-1].lower() if "}" in name else name.lower(): value for name, value in element.attrib.items()}
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}> element")
        if tag == "script":
            kind = attrs.get("type", "")
            if attrs.get("src"):
                if not attrs["src"].startswith(OWN_SCRIPT_PREFIXES):
                    problems.append(f"script from {attrs['src']!r}")
            elif kind in {"application/ld+json", "application/json"}:
                try:
                    json.loads(element.text or "")
                except ValueError:
                    problems.append(f"{kind} script that is not JSON: {element.text!r:.80}")
            else:
                problems.append(f"inline script: {element.text!r:.80}")
        if tag == "meta" and "refresh" in (attrs.get("http-equiv") or "").lower():
            problems.append("meta refresh")
        if tag == "form" and url_scheme(attrs.get("action", "")) not in {"", "http", "https"}:
            problems.append(f"form posting to {attrs['action']!r}")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}={value!r}>")
            elif name in FORBIDDEN_ATTRIBUTES:
                problems.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and url_scheme(value) in DANGEROUS_SCHEMES:
                problems.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and re.search(r"javascript:|expression\s*\(|url\s*\(", value, re.IGNORECASE):
                problems.append(f"<{tag} style={value!r}>")
    return problems


def outside_allowlist(html: str) -> list:
    """Every element, attribute, class or address in a stored body that the sanitiser's allowlist refuses."""
    problems = []
    for tag, element in _elements(html, fragment=True):
        if tag not in TAGS and tag != "document_fragment":
            problems.append(f"<{tag}> not allowed")
            continue
        for name, value in element.attrib.items():
            if name == "class":
                extra = set(value.split()) - CLASSES.get(tag, set())
                if extra:
                    problems.append(f"<{tag} class={sorted(extra)}> not allowed")
            elif name == "rel" and tag == "a":
                if value != "noopener noreferrer":
                    problems.append(f"<a rel={value!r}>")
            elif name not in ATTRIBUTES.get(tag, set()):
                problems.append(f"<{tag} {name}> not allowed")
            elif name == "href" and url_scheme(value) not in URL_SCHEMES | {""}:
                problems.append(f"<a href={value!r}>")
            elif name == "src" and not is_site_path(value):
                problems.append(f"<img src={value!r}> not on this site")
    return problems


def _hostile_fields(model):
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and field.editable
            and not field.choices
            and not isinstance(field, models.SlugField)
        ):
            yield field


def fill(instance, vector):
    """Put the vector in every staff-typed text field of `instance`, within each field's length.

    Web-address fields get the vector alone (so "javascript:…" is the whole address); the
    others get it after MARKER, which search pages look for.
    """
    for field in _hostile_fields(type(instance)):
        text = vector if isinstance(field, models.URLField) else f"{MARKER} {vector}"
        setattr(instance, field.attname, text[: field.max_length] if field.max_length else text)
    return instance


def filled_fields(model):
    """The names of the fields `fill` writes, for test reports."""
    return [field.name for field in _hostile_fields(model)]


def store_everywhere(vector, suffix=""):
    """Hostile content in every model staff edit: references of each kind, a published article citing
    them (body, summary, key points, attribution, review), a glossary term, a condition, a topic and a
    claim, a user's name and a revision comment. Saved without validation, as a restore or a shell
    would; `suffix` tells apart the keys and slugs of several calls. Returns the objects."""
    from datetime import date

    import reversion
    from django.contrib.auth.models import User

    from articles.models import Article
    from articles.publishing import article_render
    from compare.models import Claim, Condition, Topic
    from glossary.models import Term
    from references.models import Reference

    one_line = " ".join(vector.split())
    references = []
    for index, kind in enumerate(["article-journal", "chapter", "book", "webpage", "report"]):
        reference = fill(Reference(key=f"hostile{index}{suffix}", kind=kind, evidence_type="trial", year=2020, month=2, day=3), vector)
        reference.authors = [{"family": f"{MARKER} {vector}", "given": vector}, {"literal": vector}]
        if index:
            reference.doi = ""  # one reference keeps the hostile DOI; the others link through their URL
        else:
            reference.doi = reference.doi[: 300 - len(suffix)] + suffix
        reference.save()
        references.append(reference)
    cites = "; ".join(f"@{reference.key}" for reference in references)
    user = fill(User(username=f"hostile{suffix}", is_staff=True, is_superuser=True), vector)
    user.username = user.username[: 150 - len(suffix)] + suffix
    user.save()
    article = Article(slug=f"hostile{suffix}", status="published", last_reviewed=date(2026, 1, 5), next_review_due=date(2027, 1, 5))
    with reversion.create_revision():
        fill(article, vector)
        article.body = f"{MARKER} benign first version."
        article.save()
        reversion.set_user(user)
        reversion.set_comment(f"{MARKER} {vector}")
    with reversion.create_revision():
        fill(article, vector)
        article.body = (
            f"## {MARKER} {one_line}\n\n{MARKER} claim [{cites}].\n\n{vector}\n\n"
            f"## Second\n\n{vector}\n\n### Third {one_line}\n\nText [+@hostile0{suffix}].\n"
        )
        article.save()
        reversion.set_user(user)
        reversion.set_comment(f"{MARKER} {vector}")
    article_render(article=article)
    term = fill(Term(slug=f"hostile{suffix}"), vector)
    term.name = term.name[: 100 - len(suffix)] + suffix
    term.save()  # re-renders the article, which uses the term's words
    term.references.set(references)
    condition = fill(Condition(slug=f"hostile{suffix}"), vector)
    condition.name = condition.name[: 100 - len(suffix)] + suffix
    condition.save()
    condition.articles.add(article)
    topic = fill(Topic(slug=f"hostile{suffix}"), vector)
    topic.title = topic.title[: 120 - len(suffix)] + suffix
    topic.save()
    claim = fill(Claim(topic=topic, article=article, anchor="second"), vector)
    claim.save()
    claim.references.set(references)
    claim.conditions.add(condition)
    article.refresh_from_db()
    return {"article": article, "references": references, "term": term, "condition": condition, "topic": topic, "claim": claim, "user": user}
