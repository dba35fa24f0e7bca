"""Citation export for reference managers (Zotero, EndNote, Mendeley): CSL-JSON, BibTeX and RIS.

Pure functions of Reference-like objects; no ORM, no request. The fields map onto
CSL-JSON, which the Reference model mirrors; bibtexparser writes the BibTeX and rispy the RIS.
"""
import json
from urllib.parse import quote

import bibtexparser
import rispy
from bibtexparser import middlewares
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

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
# Only the characters LaTeX gives meaning are escaped: a title with "&" or "%" must stay text,
# and every other character stays UTF-8, which BibTeX readers take as it is (pylatexenc's own
# table would turn a quotation mark into '' and name accented letters by macro).
_LATEX = UnicodeToLatexEncoder(
    conversion_rules=[UnicodeToLatexConversionRule(RULE_DICT, {
        ord("\\"): r"\textbackslash", ord("{"): r"\{", ord("}"): r"\}", ord("&"): r"\&",
        ord("%"): r"\%", ord("$"): r"\$", ord("#"): r"\#", ord("_"): r"\_",
        ord("~"): r"\textasciitilde", ord("^"): r"\textasciicircum",
    })],
    replacement_latex_protection="braces-after-macro",
    unknown_char_policy="keep",
    unknown_char_warning=False,
)
# Entries are built as plain values; bibtexparser joins the names and adds the braces.
_BIBTEX_WRITING = [
    middlewares.MergeNameParts(style="last"),
    middlewares.MergeCoAuthors(),
    middlewares.AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{"),
]
_BIBTEX_FORMAT = bibtexparser.BibtexFormat()
_BIBTEX_FORMAT.indent = "  "
_BIBTEX_FORMAT.block_separator = "\n"


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


def _latex(text: str) -> str:
    return _LATEX.unicode_to_latex(" ".join(text.split()))


def _verbatim(text: str) -> str:
    # BibLaTeX, Pandoc and Zotero read url and doi verbatim, so "\_" would reach the link; only
    # the characters that would unbalance the field are percent-encoded (as a URL must have them).
    return quote(text.strip(), safe="".join(chr(c) for c in range(33, 127) if chr(c) not in "{}\\"))


def _bibtex_name(name: dict) -> middlewares.NameParts:
    if name.get("literal"):
        # Braces keep an organisation's name whole instead of "Family, Given"-splitting it.
        return middlewares.NameParts(last=["{" + _latex(name["literal"]) + "}"])
    given = name.get("given", "").strip()
    return middlewares.NameParts(first=[_latex(given)] if given else [], last=[_latex(name["family"])])


def _bibtex_entry(ref) -> Entry:
    fields = {}
    names = [_bibtex_name(n) for n in readable_authors(ref.authors)]
    if ref.authors_truncated and names:
        names.append(middlewares.NameParts(last=["others"]))  # BibTeX's own spelling of "et al"
    if names:
        fields["author"] = names
    # The inner braces keep every capital as stored ("Norman Cousins Lecture", "Freund's",
    # the small letter after a colon): readers such as Pandoc sentence-case an unprotected title.
    fields["title"] = "{" + _latex(ref.title) + "}"
    container = ref.container_title.strip()
    if container:
        name = {"article-journal": "journal", "chapter": "booktitle"}.get(ref.kind, "howpublished")
        fields[name] = _latex(container)
    if ref.publisher.strip():
        fields["institution" if ref.kind == "report" else "publisher"] = _latex(ref.publisher)
    if ref.year:
        fields["year"] = str(ref.year)
    if ref.month:
        fields["month"] = str(ref.month)
    for name, value in [("volume", ref.volume), ("number", ref.issue)]:
        if value.strip():
            fields[name] = _latex(value)
    if ref.pages.strip():
        fields["pages"] = _latex(ref.pages.strip().replace("-", "--"))
    if ref.doi:
        fields["doi"] = _verbatim(ref.doi)
    if ref.pmid:
        fields["pmid"] = ref.pmid
    if ref.url:
        fields["url"] = _verbatim(ref.url)
    if ref.accessed:
        fields["urldate"] = ref.accessed.isoformat()
    return Entry(BIBTEX_TYPES.get(ref.kind, "misc"), ref.key, [Field(name, value) for name, value in fields.items()])


def bibtex(references) -> str:
    """The references as a BibTeX file, one entry each, blank lines between."""
    library = bibtexparser.Library([_bibtex_entry(ref) for ref in references])
    return bibtexparser.write_string(library, unparse_stack=_BIBTEX_WRITING, bibtex_format=_BIBTEX_FORMAT)


class _RisWriter(rispy.RisWriter):
    def set_header(self, count):
        return ""  # rispy numbers records ("1.") by default; RIS itself starts each one with TY


def _ris_text(value) -> str:
    # RIS values are single lines; a newline in a title would start a bogus tag.
    return " ".join(str(value).split())


def _ris_name(name: dict) -> str:
    if name.get("literal"):
        return _ris_text(name["literal"])
    given = name.get("given", "").strip()
    return _ris_text(f"{name['family'].strip()}, {given}" if given else name["family"])


def _ris_record(ref) -> dict:
    record = {"type_of_reference": RIS_TYPES.get(ref.kind, "GEN")}
    authors = [_ris_name(n) for n in readable_authors(ref.authors)]
    if authors:
        record["authors"] = authors
    record["title"] = _ris_text(ref.title)
    container = ref.container_title.strip()
    if container:
        record["secondary_title"] = _ris_text(container)
        if ref.kind == "article-journal":
            record["journal_name"] = _ris_text(container)
    if ref.publisher.strip():
        record["publisher"] = _ris_text(ref.publisher)
    if ref.year:
        record["year"] = str(ref.year)
        if ref.month:
            record["date"] = f"{ref.year}/{ref.month:02d}/{f'{ref.day:02d}' if ref.day else ''}/"
    if ref.volume.strip():
        record["volume"] = _ris_text(ref.volume)
    if ref.issue.strip():
        record["number"] = _ris_text(ref.issue)
    if ref.pages.strip():
        start, _, end = ref.pages.strip().partition("-")
        record["start_page"] = _ris_text(start)
        if end.strip():
            record["end_page"] = _ris_text(end)
    if ref.doi:
        record["doi"] = _ris_text(ref.doi)
    if ref.url:
        record["urls"] = [_ris_text(ref.url)]
    if ref.accessed:
        record["access_date"] = ref.accessed.strftime("%Y/%m/%d")
    if ref.pmid:
        record["accession_number"] = f"PMID: {ref.pmid}"
    if ref.authors_truncated:
        record["notes"] = ["Only the first authors are listed."]
    return record


def ris(references) -> str:
    """The references as an RIS file, records separated by a blank line."""
    return rispy.dumps([_ris_record(ref) for ref in references], implementation=_RisWriter)


# Name, file extension and media type of each format, for download links and responses.
FORMATS = {
    "bib": ("BibTeX", bibtex, "application/x-bibtex"),
    "ris": ("RIS", ris, "application/x-research-info-systems"),
    "json": ("CSL-JSON", csl_json, "application/vnd.citationstyles.csl+json"),
}
