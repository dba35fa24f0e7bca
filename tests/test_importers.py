"""Pasted BibTeX, RIS and CSL-JSON entries become Reference fields, offline, with clear refusals."""
import json
from datetime import date

import pytest

from references.importers import EntryError, detect_format, initials, parse_entry, suggest_key

BIBTEX = r"""
@article{Younger2013,
  author = {Younger, Jarred and Noor, Noorulain and McCue, Rebecca and Mackey, Sean},
  title = {{Low-dose naltrexone for the treatment of fibromyalgia}: findings of a small trial},
  journal = {Arthritis Rheum},
  year = {2013},
  month = feb,
  volume = {65},
  number = {2},
  pages = {529--538},
  doi = {https://doi.org/10.1002/ART.37734},
  note = {PMID: 23359310}
}
"""

RIS = """TY  - JOUR
AU  - Younger, Jarred
AU  - Mackey, Sean
TI  - Fibromyalgia symptoms are reduced by low-dose naltrexone: a pilot study
JO  - Pain Medicine
J2  - Pain Med
PY  - 2009
DA  - 2009/05/01/
VL  - 10
IS  - 4
SP  - 663
EP  - 672
DO  - doi:10.1111/j.1526-4637.2009.00613.x
ER  - 
"""

CSL = {
    "id": "toljan2018",
    "type": "article-journal",
    "author": [{"family": "Toljan", "given": "Karlo"}, {"family": "Vrooman", "given": "Bruce"}],
    "title": "Low-Dose Naltrexone (LDN)—Review of Therapeutic Utilization",
    "container-title": "Medical Sciences",
    "container-title-short": "Med Sci (Basel)",
    "issued": {"date-parts": [[2018, 9, 21]]},
    "volume": "6",
    "issue": "4",
    "page": "82",
    "DOI": "10.3390/medsci6040082",
    "PMID": "30248938",
}


def test_bibtex_article_fills_every_field_it_gives():
    fields = parse_entry(BIBTEX)
    assert fields["kind"] == "article-journal"
    assert fields["key"] == "Younger2013"
    assert fields["authors"][0] == {"family": "Younger", "given": "J"}  # stored as AMA initials
    assert [a["family"] for a in fields["authors"]] == ["Younger", "Noor", "McCue", "Mackey"]
    assert fields["title"] == "Low-dose naltrexone for the treatment of fibromyalgia: findings of a small trial"
    assert fields["container_title"] == "Arthritis Rheum"
    assert (fields["year"], fields["month"]) == (2013, 2)
    assert (fields["volume"], fields["issue"], fields["pages"]) == ("65", "2", "529-538")
    assert fields["doi"] == "10.1002/ART.37734"  # resolver URL stripped to the bare DOI
    assert fields["pmid"] == "23359310"


def test_bibtex_accents_and_others_become_names_and_et_al():
    fields = parse_entry(r"@book{x, author={M{\"u}ller, J{\"o}rg and others}, title={Schmerz}, publisher={Thieme}, year=2001}")
    assert fields["kind"] == "book"
    assert fields["authors"] == [{"family": "Müller", "given": "J"}]
    assert fields["authors_truncated"] is True
    assert fields["publisher"] == "Thieme"


def test_bibtex_organisation_author_in_braces_stays_whole():
    fields = parse_entry("@misc{nih, author={{National Institutes of Health}}, title={Pain}, url={https://example.org/pain}, year=2020}")
    assert fields["kind"] == "webpage"
    assert fields["authors"] == [{"literal": "National Institutes of Health"}]


@pytest.mark.parametrize("doi", [
    "10.1002/(SICI)1097-4636(199706)35:4<513::AID-JBM11>3.0.CO;2-P",  # a SICI DOI, as Wiley's exports give it
    "10.1000/ldn_trial%2F2020",
    r"10.1000/ldn\_trial",
])
def test_bibtex_doi_and_url_come_through_byte_for_byte(doi):
    # BibTeX holds url and doi verbatim: read as LaTeX, % starts a comment, ~ is a space, \_ an underscore.
    url = "https://example.edu/~younger/low_dose%20naltrexone.pdf#page=2"
    fields = parse_entry(f"@article{{k, title={{T}}, journal={{J}}, year={{1997}}, doi={{{doi}}}, url={{{url}}}}}")
    assert (fields["doi"], fields["url"]) == (doi, url)
    assert (fields["title"], fields["container_title"]) == ("T", "J")


def test_the_sites_own_bibtex_export_imports_back_with_the_same_doi_and_url(make_reference):
    from references.exports import bibtex

    doi = "10.1002/(SICI)1097-4636(199706)35:4<513::AID-JBM11>3.0.CO;2-P"
    url = "https://example.edu/~younger/low_dose%20naltrexone.pdf"
    fields = parse_entry(bibtex([make_reference(doi=doi, url=url)]))
    assert (fields["doi"], fields["url"]) == (doi, url)


def test_bibtex_latex_in_other_fields_is_still_decoded_beside_a_verbatim_url():
    fields = parse_entry(r"@misc{k, author={M{\"u}ller, J}, title={Caf{\'e} 50\% off}, url={https://example.org/a_b%20c}, year=2020}")
    assert fields["authors"] == [{"family": "Müller", "given": "J"}]
    assert fields["title"] == "Café 50% off"
    assert fields["url"] == "https://example.org/a_b%20c"


def test_ris_record_uses_the_journal_abbreviation_and_splits_the_date():
    fields = parse_entry(RIS)
    assert fields["kind"] == "article-journal"
    assert fields["authors"] == [{"family": "Younger", "given": "J"}, {"family": "Mackey", "given": "S"}]
    assert fields["container_title"] == "Pain Med"
    assert (fields["year"], fields["month"], fields["day"]) == (2009, 5, 1)
    assert fields["pages"] == "663-672"
    assert fields["doi"] == "10.1111/j.1526-4637.2009.00613.x"


def test_ris_without_end_tag_is_still_read():
    fields = parse_entry("TY  - BOOK\nTI  - A book\nPY  - 1999\nPB  - Press")
    assert (fields["kind"], fields["title"], fields["year"], fields["publisher"]) == ("book", "A book", 1999, "Press")


def test_csl_json_object_and_one_item_list_both_work():
    for text in (json.dumps(CSL), json.dumps([CSL])):
        fields = parse_entry(text)
        assert fields["key"] == "toljan2018"
        assert fields["container_title"] == "Med Sci (Basel)"
        assert (fields["year"], fields["month"], fields["day"]) == (2018, 9, 21)
        assert fields["doi"] == "10.3390/medsci6040082" and fields["pmid"] == "30248938"


def test_csl_json_web_page_keeps_organisation_and_access_date():
    item = {"type": "webpage", "title": "Naltrexone", "author": [{"literal": "SAMHSA"}],
            "URL": "https://www.samhsa.gov/", "accessed": {"date-parts": [[2024, 1, 5]]}}
    fields = parse_entry(json.dumps(item))
    assert fields["kind"] == "webpage"
    assert fields["authors"] == [{"literal": "SAMHSA"}]
    assert fields["accessed"] == date(2024, 1, 5)


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "Paste a BibTeX, RIS, CSL-JSON or PubMed (MEDLINE) entry first"),
        ("Younger J. Low-dose naltrexone. 2013.", "It reads: BibTeX (starts with @article{…), RIS"),
        ("@article{x, title={unclosed", "could not be read"),
        ("@article{a, title={One}}\n@article{b, title={Two}}", "That is 2 entries; paste one BibTeX entry at a time"),
        ('{"title": "x",', "The CSL-JSON could not be read"),
        ("[]", "No CSL-JSON entry was found"),
        ('{"type": "book"}', "has no title"),
        ("@article{x, author={A, B}, year=2000}", "has no title"),
    ],
)
def test_unreadable_entries_are_refused_with_a_message_saying_why(text, words):
    with pytest.raises(EntryError) as refusal:
        parse_entry(text)
    assert words in str(refusal.value)


def test_format_is_detected_from_the_text_not_from_a_label():
    assert detect_format("  @article{x,}") == "bibtex"
    assert detect_format('{"a": 1}') == "csl"
    assert detect_format("TY  - JOUR\nER  - ") == "ris"


def test_suggested_key_is_first_author_and_year_made_unique():
    fields = {"authors": [{"family": "Müller-Lüdenscheidt"}], "year": 2013}
    assert suggest_key(fields, set()) == "mullerludenscheidt2013"
    assert suggest_key(fields, {"mullerludenscheidt2013"}) == "mullerludenscheidt2013a"
    assert suggest_key({"authors": [{"literal": "National Institutes of Health"}]}, set()) == "national"


@pytest.mark.parametrize(
    "given, expected",
    [("Jarred", "J"), ("Sean C.", "SC"), ("J. A.", "JA"), ("JA", "JA"), ("Jean-Paul", "J-P"), ("", ""), ("ada lovelace", "AL")],
)
def test_given_names_become_ama_initials(given, expected):
    assert initials(given) == expected
