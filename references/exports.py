"""Citation export for reference managers (Zotero, EndNote, Mendeley): CSL-JSON, BibTeX and RIS.

Pure functions of Reference-like objects; no ORM, no request. The fields map onto
CSL-JSON, which the Reference model mirrors; BibTeX and RIS follow from it.
"""
import json
import re

from .schema import readable_authors

# What each format calls the kinds of work the site stores (CSL "type" values).
BIBTEX_TYPES = {
    "article-journal": "article",
    "chapter": "incollection",
    "book": "book",
    "webpage": "misc",
    "report": "techreport",
}
RIS_TYPES = {
    "article-journal": "JOUR",
    "chapter": "CHAP",
    "book": "BOOK",
    "webpage": "ELEC",
    "report": "RPRT",
}
# LaTeX gives these characters meaning; a title with "&" or "%" must stay text.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(ch) for ch in _BIBTEX_ESCAPES))


def _date_parts(ref):
    # The model refuses a day without a month and a month without a year.
    if not ref.year:
        return []
    if not ref.month:
        return [ref.year]
    return [ref.year, ref.month] + ([ref.day] if ref.day else [])


def csl_item(ref) -> dict:
    """One reference as a CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""
    item = {"id": ref.key, "type": ref.kind, "title": ref.title.strip()}
    authors = readable_authors(ref.authors)
    if authors:
        item["author"] = authors
    optional = {
        "container-title": ref.container_title,
        "publisher": ref.publisher,
        "volume": ref.volume,
        "issue": ref.issue,
        "page": ref.pages,
        "DOI": ref.doi,
        "PMID": ref.pmid,
        "URL": ref.url,
    }
    item.update({name: value.strip() for name, value in optional.items() if value and value.strip()})
    if _date_parts(ref):
        item["issued"] = {"date-parts": [_date_parts(ref)]}
    if ref.accessed:
        item["accessed"] = {"date-parts": [[ref.accessed.year, ref.accessed.month, ref.accessed.day]]}
    if ref.authors_truncated:
        item["note"] = "Only the first authors are listed."
    return item


def csl_json(references) -> str:
    """A CSL-JSON array of the references, as UTF-8 text."""
    return json.dumps([csl_item(ref) for ref in references], ensure_ascii=False, indent=2) + "\n"


def bibtex_escape(text: str) -> str:
    """Text safe inside a braced BibTeX value: LaTeX's special characters escaped, whitespace folded."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES[m.group(0)], " ".join(text.split()))


def _bibtex_name(name: dict) -> str:
    if name.get("literal"):
        # Braces keep an organisation's name whole instead of "Family, Given"-splitting it.
        return "{" + bibtex_escape(name["literal"]) + "}"
    given = name.get("given", "").strip()
    family = bibtex_escape(name["family"].strip())
    return f"{family}, {bibtex_escape(given)}" if given else family


def bibtex_entry(ref) -> str:
    """One reference as a BibTeX entry keyed by its citation key."""
    fields = []
    names = [_bibtex_name(n) for n in readable_authors(ref.authors)]
    if ref.authors_truncated and names:
        names.append("others")  # BibTeX's own spelling of "et al"
    if names:
        fields.append(("author", " and ".join(names)))
    fields.append(("title", bibtex_escape(ref.title.strip())))
    container = ref.container_title.strip()
    if container:
        if ref.kind == "article-journal":
            fields.append(("journal", bibtex_escape(container)))
        elif ref.kind == "chapter":
            fields.append(("booktitle", bibtex_escape(container)))
        else:
            fields.append(("howpublished", bibtex_escape(container)))
    if ref.publisher.strip():
        name = "institution" if ref.kind == "report" else "publisher"
        fields.append((name, bibtex_escape(ref.publisher.strip())))
    if ref.year:
        fields.append(("year", str(ref.year)))
    if ref.month:
        fields.append(("month", str(ref.month)))
    for name, value in [("volume", ref.volume), ("number", ref.issue)]:
        if value.strip():
            fields.append((name, bibtex_escape(value.strip())))
    if ref.pages.strip():
        fields.append(("pages", bibtex_escape(ref.pages.strip().replace("-", "--"))))
    if ref.doi:
        fields.append(("doi", bibtex_escape(ref.doi)))
    if ref.pmid:
        fields.append(("pmid", ref.pmid))
    if ref.url:
        fields.append(("url", bibtex_escape(ref.url)))
    if ref.accessed:
        fields.append(("urldate", ref.accessed.isoformat()))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{BIBTEX_TYPES.get(ref.kind, 'misc')}{{{ref.key},\n{body}\n}}\n"


def bibtex(references) -> str:
    """The references as a BibTeX file, one entry each, blank lines between."""
    return "\n".join(bibtex_entry(ref) for ref in references)


def _ris_line(tag: str, value) -> str:
    # RIS values are single lines; a newline in a title would start a bogus tag.
    return f"{tag}  - {' '.join(str(value).split())}"


def _ris_name(name: dict) -> str:
    if name.get("literal"):
        return name["literal"].strip()
    given = name.get("given", "").strip()
    return f"{name['family'].strip()}, {given}" if given else name["family"].strip()


def ris_record(ref) -> str:
    """One reference as an RIS record, ending with its ER line."""
    lines = [_ris_line("TY", RIS_TYPES.get(ref.kind, "GEN"))]
    lines += [_ris_line("AU", _ris_name(n)) for n in readable_authors(ref.authors)]
    lines.append(_ris_line("TI", ref.title.strip()))
    container = ref.container_title.strip()
    if container:
        lines.append(_ris_line("T2", container))
        if ref.kind == "article-journal":
            lines.append(_ris_line("JO", container))
    if ref.publisher.strip():
        lines.append(_ris_line("PB", ref.publisher.strip()))
    if ref.year:
        lines.append(_ris_line("PY", ref.year))
        if ref.month:
            lines.append(_ris_line("DA", f"{ref.year}/{ref.month:02d}/{f'{ref.day:02d}' if ref.day else ''}/"))
    if ref.volume.strip():
        lines.append(_ris_line("VL", ref.volume.strip()))
    if ref.issue.strip():
        lines.append(_ris_line("IS", ref.issue.strip()))
    if ref.pages.strip():
        start, _, end = ref.pages.strip().partition("-")
        lines.append(_ris_line("SP", start.strip()))
        if end.strip():
            lines.append(_ris_line("EP", end.strip()))
    if ref.doi:
        lines.append(_ris_line("DO", ref.doi))
    if ref.url:
        lines.append(_ris_line("UR", ref.url))
    if ref.accessed:
        lines.append(_ris_line("Y2", ref.accessed.strftime("%Y/%m/%d")))
    if ref.pmid:
        lines.append(_ris_line("AN", f"PMID: {ref.pmid}"))
    if ref.authors_truncated:
        lines.append(_ris_line("N1", "Only the first authors are listed."))
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


def ris(references) -> str:
    """The references as an RIS file, records separated by a blank line."""
    return "\n".join(ris_record(ref) for ref in references)


# Name, file extension and media type of each format, for download links and responses.
FORMATS = {
    "bib": ("BibTeX", bibtex, "application/x-bibtex"),
    "ris": ("RIS", ris, "application/x-research-info-systems"),
    "json": ("CSL-JSON", csl_json, "application/vnd.citationstyles.csl+json"),
}
