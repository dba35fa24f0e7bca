"""AMA-style (AMA Manual of Style, 11th ed.) formatting of a Reference as safe HTML."""
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .dois import doi_url
from .schema import readable_authors

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_FULL = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
# AMA lists up to six authors; with more, the first three and "et al".
AMA_MAX_AUTHORS = 6
AMA_SHOWN_WHEN_TRUNCATED = 3


def web_address(url: str) -> str:
    """`url` when it is an http(s) address, safe to link to; "" for anything else (javascript:, data:, …)."""
    url = (url or "").strip()
    return url if url.lower().startswith(("https://", "http://")) else ""


def format_name(name: dict) -> str:
    """"Younger J" for a person, the name itself for an organisation."""
    if name.get("literal"):
        return name["literal"].strip()
    given = "".join(ch for ch in name.get("given", "") if ch.isalpha() or ch == "-")
    return f"{name['family'].strip()} {given}".strip()


def format_authors(authors, truncated=False) -> str:
    names = [format_name(n) for n in authors]
    if len(names) > AMA_MAX_AUTHORS:
        names, truncated = names[:AMA_SHOWN_WHEN_TRUNCATED], True
    text = ", ".join(names)
    if truncated and names:
        text += ", et al"
    return text


def _sentence(text: str) -> str:
    """Escaped text ending in one full stop (none added after ?, ! or .)."""
    text = text.strip()
    if not text:
        return ""
    return escape(text) + ("" if text[-1] in ".?!" else ".")


def _full_date(ref) -> str:
    if ref.month and ref.day:
        return f"{MONTHS_FULL[ref.month - 1]} {ref.day}, {ref.year}"
    if ref.month:
        return f"{MONTHS_FULL[ref.month - 1]} {ref.year}"
    return str(ref.year) if ref.year else ""


def _journal_part(ref) -> str:
    html = format_html("<i>{}</i>.", ref.container_title.strip()) if ref.container_title else ""
    locator = str(ref.year or "")
    if ref.volume:
        locator += f";{ref.volume}"
        if ref.issue:
            locator += f"({ref.issue})"
    if ref.pages:
        locator += f":{ref.pages}"
    if locator:
        html += " " + escape(locator) + "."
    return html.strip()


def _book_part(ref, *, in_book: bool) -> str:
    parts = []
    if in_book and ref.container_title:
        parts.append(format_html("In: <i>{}</i>.", ref.container_title.strip()))
    tail = "; ".join(p for p in [escape(ref.publisher.strip()), str(ref.year or "")] if p)
    if tail:
        if in_book and ref.pages:
            tail += f":{escape(ref.pages)}"
        parts.append(tail + ".")
    return " ".join(parts)


def _web_part(ref) -> str:
    parts = []
    site = ref.container_title.strip() or ref.publisher.strip()
    authors = {format_name(n) for n in readable_authors(ref.authors)}
    if site and site not in authors:
        parts.append(_sentence(site))
    if ref.year:
        parts.append(f"Published {escape(_full_date(ref))}.")
    if ref.accessed:
        parts.append(f"Accessed {MONTHS_FULL[ref.accessed.month - 1]} {ref.accessed.day}, {ref.accessed.year}.")
    return " ".join(parts)


def format_reference(ref) -> str:
    """The reference as one line of AMA-style HTML, with its DOI or URL as a link."""
    parts = []
    authors = format_authors(readable_authors(ref.authors), ref.authors_truncated)
    if authors:
        parts.append(_sentence(authors))
    if ref.kind == "book":
        parts.append(format_html("<i>{}</i>.", ref.title.strip().rstrip(".")))
        parts.append(_book_part(ref, in_book=False))
    else:
        parts.append(_sentence(ref.title))
        if ref.kind == "article-journal":
            parts.append(_journal_part(ref))
        elif ref.kind == "chapter":
            parts.append(_book_part(ref, in_book=True))
        elif ref.kind == "webpage":
            parts.append(_web_part(ref))
        else:
            parts.append(_book_part(ref, in_book=False))
    if ref.doi:
        parts.append(format_html('<a href="{}">doi:{}</a>', doi_url(ref.doi), ref.doi))
    elif web_address(ref.url):
        parts.append(format_html('<a href="{}">{}</a>', web_address(ref.url), ref.url))
    elif ref.url:
        parts.append(escape(ref.url))
    return mark_safe(" ".join(p for p in parts if p))
