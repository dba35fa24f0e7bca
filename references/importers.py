"""A pasted BibTeX, RIS, CSL-JSON or PubMed MEDLINE (.nbib) entry -> the fields of a new Reference. Offline, no ORM.

`parse_entry(text)` returns a dict of Reference field values (only what the entry gives);
anything it cannot read raises EntryError with a message written for the editor.
"""
import json
import re
from datetime import date

import bibtexparser
import rispy
from bibtexparser import middlewares

from . import medline
from .dois import normalize_doi
from .schema import reference_problems

FORMAT_NAMES = {"bibtex": "BibTeX", "ris": "RIS", "csl": "CSL-JSON", "medline": "PubMed (MEDLINE)"}

BIBTEX_KINDS = {
    "article": "article-journal",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "chapter",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
}
RIS_KINDS = {
    "JOUR": "article-journal",
    "JFULL": "article-journal",
    "EJOUR": "article-journal",
    "MGZN": "article-journal",
    "BOOK": "book",
    "EBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "ENCYC": "chapter",
    "RPRT": "report",
    "GOVDOC": "report",
    "ELEC": "webpage",
    "WEB": "webpage",
    "BLOG": "webpage",
}
CSL_KINDS = {
    "article-journal": "article-journal",
    "article": "article-journal",
    "article-magazine": "article-journal",
    "book": "book",
    "chapter": "chapter",
    "entry-encyclopedia": "chapter",
    "entry-dictionary": "chapter",
    "paper-conference": "chapter",
    "report": "report",
    "webpage": "webpage",
    "post-weblog": "webpage",
}
MONTH_NAMES = {name: n for n, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
)}
RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  -", re.MULTILINE)
PMID_IN_TEXT = re.compile(r"PMID:?\s*(\d+)", re.IGNORECASE)


FIELD_LABELS = {"container_title": "journal, book or site", "accessed": "accessed date"}
# Longer than any real entry; also keeps a deeply nested paste from reaching the parsers.
MAX_ENTRY_CHARACTERS = 20_000
MAX_JSON_NESTING = 20


UNREADABLE = (
    "This is not in a format the form can read. It reads: BibTeX (starts with @article{…), RIS "
    "(lines like “TY  - JOUR”), CSL-JSON (starts with { or [) and PubMed's MEDLINE format (the .nbib "
    "file from PubMed's “Cite” button, lines like “PMID- 19453963” and “TI  - …”). Copy the whole "
    "entry from the journal's “Cite” or “Export citation” button, or from PubMed, and paste it again."
)


class EntryError(ValueError):
    """A pasted entry we cannot read; the message says why and what to do."""


def detect_format(text: str) -> str:
    """"bibtex", "ris" or "csl" from the shape of the text."""
    stripped = text.lstrip()
    if stripped.startswith("@"):
        return "bibtex"
    if stripped.startswith(("{", "[")):
        return "csl"
    # PubMed's MEDLINE lines ("TI  - …") look like RIS's; its own tags tell them apart.
    if medline.looks_like_medline(text):
        return "medline"
    if RIS_TAG.search(text):
        return "ris"
    raise EntryError(UNREADABLE)


def parse_entry(text: str) -> dict:
    """Reference field values from one pasted BibTeX, RIS or CSL-JSON entry."""
    text = (text or "").strip()
    if not text:
        raise EntryError("Paste a BibTeX, RIS, CSL-JSON or PubMed (MEDLINE) entry first.")
    if len(text) > MAX_ENTRY_CHARACTERS:
        raise EntryError(f"The entry is {len(text):,} characters long; the most is {MAX_ENTRY_CHARACTERS:,}. Paste one entry.")
    kind = detect_format(text)
    fields = {"bibtex": _from_bibtex, "ris": _from_ris, "csl": _from_csl, "medline": _from_medline}[kind](text)
    if not fields.get("title"):
        raise EntryError(f"The {FORMAT_NAMES[kind]} entry has no title, so it cannot become a reference.")
    fields["doi"] = normalize_doi(fields.get("doi", ""))
    fields = {name: value for name, value in fields.items() if value not in (None, "", [])}
    problems = reference_problems(fields)
    if problems:
        raise EntryError(
            f"The {FORMAT_NAMES[kind]} entry cannot become a reference: "
            + " ".join(f"{FIELD_LABELS.get(name, name)}: {message}" for name, message in sorted(problems.items()))
        )
    return fields


def suggest_key(fields: dict, taken) -> str:
    """A citation key like younger2013, made unique against `taken` (younger2013a, …)."""
    first = (fields.get("authors") or [{}])[0]
    name = first.get("family") or first.get("literal") or fields.get("title", "ref")
    base = re.sub(r"[^a-z0-9]", "", _ascii(name.split()[0] if name.split() else "ref").lower()) or "ref"
    base += str(fields.get("year") or "")
    key, suffix = base, iter("abcdefghijklmnopqrstuvwxyz")
    taken = set(taken)
    while key in taken:
        key = base + next(suffix)
    return key


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _one(entries, kind):
    if not entries:
        raise EntryError(f"No {FORMAT_NAMES[kind]} entry was found in what you pasted.")
    if len(entries) > 1:
        raise EntryError(f"That is {len(entries)} entries; paste one {FORMAT_NAMES[kind]} entry at a time.")
    return entries[0]


def _year(value):
    match = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", str(value or ""))
    return int(match.group(1)) if match else None


def _month(value):
    value = str(value or "").strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return MONTH_NAMES.get(value[:3])


def _pages(first, last=""):
    first, last = str(first or "").strip(), str(last or "").strip()
    pages = f"{first}-{last}" if first and last else first
    # BibTeX's "--" and typographic dashes become the plain hyphen AMA uses.
    return re.sub(r"\s*(?:--|[\u2010-\u2015])\s*", "-", pages)


def initials(given: str) -> str:
    """AMA initials, as the site stores given names: "Jarred" -> "J", "Sean C." -> "SC", "Jean-Paul" -> "J-P"."""
    parts = []
    for word in re.split(r"[\s.]+", given.strip()):
        if not word:
            continue
        if word.isupper() and word.isalpha():
            parts.append(word)  # already initials, like "JA"
        else:
            parts.append("-".join(piece[:1].upper() for piece in word.split("-") if piece))
    return "".join(parts)


def _person(family, given=""):
    family, given = " ".join(family.split()), initials(given)
    if not family:
        return None
    return {"family": family, "given": given} if given else {"family": family}


# BibTeX ------------------------------------------------------------------------------------------

# Fields BibTeX holds verbatim: read as LaTeX, "%" would start a comment, "~" become a space, "\_" lose its "\".
VERBATIM_FIELDS = {"doi", "url"}


class _LatexDecodingButVerbatim(middlewares.LatexDecodingMiddleware):
    """bibtexparser's LaTeX decoding for every field but VERBATIM_FIELDS, which keep their bytes."""

    def transform_entry(self, entry, library):
        verbatim = [field for field in entry.fields if field.key.lower() in VERBATIM_FIELDS]
        entry.fields = [field for field in entry.fields if field.key.lower() not in VERBATIM_FIELDS]
        block = super().transform_entry(entry, library)
        entry.fields = entry.fields + verbatim  # `block` is `entry`, or wraps it when a field failed
        return block


def _from_bibtex(text):
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            # Braces kept so "{National Institutes of Health}" stays one name; _unbrace drops them.
            _LatexDecodingButVerbatim(keep_braced_groups=True),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    if library.failed_blocks and not library.entries:
        raise EntryError(
            "The BibTeX entry could not be read: check that every { has its }, and that "
            "fields are separated by commas. Copy the entry again from its source."
        )
    entry = _one(library.entries, "bibtex")
    get = lambda name: str(entry.fields_dict[name].value).strip() if name in entry.fields_dict else ""  # noqa: E731
    kind = BIBTEX_KINDS.get(entry.entry_type.lower(), "article-journal" if get("journal") else "report")
    if entry.entry_type.lower() == "misc":
        kind = "webpage" if get("url") and not get("journal") else kind
    authors = []
    if "author" in entry.fields_dict:
        for name in entry.fields_dict["author"].value:
            family = " ".join(name.von + name.last + name.jr)
            if not name.first and family.startswith("{") and family.endswith("}"):
                authors.append({"literal": _unbrace(family)})  # an organisation
                continue
            person = _person(_unbrace(family), _unbrace(" ".join(name.first)))
            if person:
                authors.append(person)
    truncated = bool(authors) and authors[-1].get("family", "").lower() in {"others", "et al", "et al."}
    if truncated:
        authors.pop()
    accessed = _iso_date(get("urldate"))
    return {
        "key": _clean_key(entry.key),
        "kind": kind,
        "authors": authors,
        "authors_truncated": truncated,
        "title": _unbrace(get("title")),
        "container_title": _unbrace(get("journal") or get("booktitle") or get("journaltitle")),
        "publisher": _unbrace(get("publisher") or get("institution") or get("organization")),
        "year": _year(get("year") or get("date")),
        "month": _month(get("month")),
        "volume": get("volume"),
        "issue": get("number") or get("issue"),
        "pages": _pages(get("pages")),
        "doi": get("doi"),
        "pmid": get("pmid") or _pmid_in(get("note")),
        "url": get("url"),
        "accessed": accessed,
    }


def _unbrace(text):
    return " ".join(text.replace("{", "").replace("}", "").split())


def _clean_key(key):
    key = re.sub(r"[^A-Za-z0-9_-]", "", key or "")
    return key[:80]


def _pmid_in(text):
    match = PMID_IN_TEXT.search(text or "")
    return match.group(1) if match else ""


def _iso_date(value):
    try:
        return date.fromisoformat(value.strip()[:10]) if value else None
    except ValueError:
        return None


# RIS ---------------------------------------------------------------------------------------------

def _from_ris(text):
    try:
        records = rispy.loads(text if re.search(r"^ER  -", text, re.MULTILINE) else text.rstrip() + "\nER  - \n")
    except Exception as error:  # rispy raises plain IOError/ValueError subclasses for bad layout
        raise EntryError(
            f"The RIS record could not be read ({error}). It should start with “TY  - ” and end "
            "with “ER  - ”; copy it again from its source."
        ) from None
    record = _one(records, "ris")
    authors = []
    for name in record.get("authors", []) or record.get("first_authors", []):
        family, _, given = name.partition(",")
        person = _person(family, given)
        if person:
            authors.append(person)
    date_parts = [p for p in str(record.get("date") or record.get("publication_year") or "").split("/")]
    year = _year(record.get("year") or record.get("publication_year") or (date_parts[0] if date_parts else ""))
    month = _month(date_parts[1]) if len(date_parts) > 1 else None
    day = int(date_parts[2]) if len(date_parts) > 2 and date_parts[2].isdigit() and month else None
    container = (
        record.get("alternate_title1")  # J2: the journal's abbreviation, which AMA uses
        or record.get("journal_name")
        or record.get("secondary_title")
        or record.get("alternate_title3")
        or ""
    )
    urls = record.get("urls") or []
    return {
        "kind": RIS_KINDS.get(record.get("type_of_reference", ""), "article-journal"),
        "authors": authors,
        "title": record.get("title") or record.get("primary_title") or "",
        "container_title": container,
        "publisher": record.get("publisher", ""),
        "year": year,
        "month": month,
        "day": day if day and 1 <= day <= 31 else None,
        "volume": record.get("volume", ""),
        "issue": record.get("number", ""),
        "pages": _pages(record.get("start_page"), record.get("end_page")),
        "doi": record.get("doi", ""),
        "pmid": _pmid_in(" ".join(record.get("notes", []) or [])) if record.get("notes") else "",
        "url": urls[0] if urls else "",
    }


# PubMed MEDLINE (.nbib) ---------------------------------------------------------------------------

MEDLINE_KINDS = {"Journal Article": "article-journal", "Review": "article-journal", "Book": "book", "Book Chapter": "chapter"}


def _from_medline(text):
    try:
        record = _one(medline.parse_records(text), "medline")
    except medline.MedlineError as error:
        raise EntryError(f"The PubMed (MEDLINE) record could not be read: {error} Copy it again from PubMed.") from None
    first = lambda tag: (record.get(tag) or [""])[0]  # noqa: E731
    authors = []
    for name in record.get("FAU") or record.get("AU") or []:
        family, _, given = name.partition(",")
        if not given and " " in family and "FAU" not in record:
            family, _, given = family.rpartition(" ")  # AU lines: "Younger J"
        person = _person(family, given)
        if person:
            authors.append(person)
    authors += [{"literal": name} for name in record.get("CN", []) if name.strip()]
    published = first("DP").split()
    ids = record.get("AID", []) + record.get("LID", [])
    doi = next((value.split()[0] for value in ids if value.endswith("[doi]")), "")
    kinds = [MEDLINE_KINDS[kind] for kind in record.get("PT", []) if kind in MEDLINE_KINDS]
    return {
        "kind": kinds[0] if kinds else "article-journal",
        "authors": authors,
        "title": first("TI").rstrip(".") or first("BTI").rstrip("."),
        "container_title": first("TA"),  # the NLM journal abbreviation, which AMA uses
        "year": _year(published[0]) if published else None,
        "month": _month(published[1]) if len(published) > 1 else None,
        "day": int(published[2]) if len(published) > 2 and published[2].isdigit() else None,
        "volume": first("VI"),
        "issue": first("IP"),
        "pages": _medline_pages(first("PG")),
        "doi": doi,
        "pmid": first("PMID") if first("PMID").isdigit() else "",
    }


def _medline_pages(value):
    """PubMed shortens the last page ("663-72"); AMA style writes it in full ("663-672")."""
    match = re.fullmatch(r"(\d+)-(\d+)", value.strip())
    if not match:
        return _pages(value)
    start, end = match.groups()
    if len(end) < len(start):
        end = start[: len(start) - len(end)] + end
    return f"{start}-{end}"


# CSL-JSON ----------------------------------------------------------------------------------------

def _json_nesting(text):
    # Brackets inside strings count too: an upper bound, enough to refuse before json recurses.
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _from_csl(text):
    if _json_nesting(text) > MAX_JSON_NESTING:
        raise EntryError(
            f"The CSL-JSON nests brackets more than {MAX_JSON_NESTING} deep; a CSL-JSON entry needs at most 4. "
            "Copy it again from its source."
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise EntryError(
            f"The CSL-JSON could not be read: {error.msg} at line {error.lineno}, column {error.colno}. "
            "Copy it again from its source."
        ) from None
    items = data if isinstance(data, list) else [data]
    item = _one(items, "csl")
    if not isinstance(item, dict):
        raise EntryError("The CSL-JSON entry should be an object with fields like “title” and “author”.")
    authors = []
    for name in item.get("author") if isinstance(item.get("author"), list) else []:
        if not isinstance(name, dict):
            continue
        if name.get("literal"):
            authors.append({"literal": str(name["literal"]).strip()})
        else:
            person = _person(str(name.get("family", "")), str(name.get("given", "")))
            if person:
                authors.append(person)
    issued = _date_parts(item.get("issued"))
    accessed = _date_parts(item.get("accessed"))
    return {
        "key": _clean_key(str(item.get("id", ""))) if not str(item.get("id", "")).startswith("http") else "",
        "kind": CSL_KINDS.get(str(item.get("type", "")), "article-journal"),
        "authors": authors,
        "title": str(item.get("title", "")).strip(),
        "container_title": str(item.get("container-title-short") or item.get("container-title") or "").strip(),
        "publisher": str(item.get("publisher", "")).strip(),
        "year": issued[0],
        "month": issued[1],
        "day": issued[2],
        "volume": str(item.get("volume", "")).strip(),
        "issue": str(item.get("issue", "")).strip(),
        "pages": _pages(item.get("page")),
        "doi": str(item.get("DOI", "")).strip(),
        "pmid": str(item.get("PMID", "")).strip(),
        "url": str(item.get("URL", "")).strip(),
        "accessed": _real_date(accessed),
    }


def _real_date(parts):
    if not all(parts):
        return None
    try:
        return date(*parts)
    except ValueError:
        raise EntryError(
            f"The accessed date {parts[0]}-{parts[1]:02d}-{parts[2]:02d} is not a real date; fix it in the entry or leave it out."
        ) from None


def _date_parts(value):
    """(year, month, day) from a CSL date, None where missing."""
    parts = []
    if isinstance(value, dict):
        raw = value.get("date-parts")
        parts = raw[0] if isinstance(raw, list) and raw and isinstance(raw[0], list) else []
        if not parts and value.get("raw"):
            parts = [str(value["raw"])[:4]]
    numbers = []
    for part in parts[:3]:
        try:
            numbers.append(int(part))
        except (TypeError, ValueError):
            break
    numbers += [None] * (3 - len(numbers))
    year, month, day = numbers
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    if day is not None and not 1 <= day <= 31:
        day = None
    return year, month, day
