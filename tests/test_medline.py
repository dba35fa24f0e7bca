"""PubMed's MEDLINE (.nbib) exports become references; other text is refused naming the formats read."""
from pathlib import Path

import pytest

from references.importers import EntryError, detect_format, parse_entry
from references.medline import MedlineError, parse_records

PUBMED = Path(__file__).parent / "pubmed"


def test_a_pubmed_nbib_export_fills_in_every_field_the_project_records():
    fields = parse_entry((PUBMED / "younger2009.nbib").read_text(encoding="utf-8"))
    assert fields == {
        "kind": "article-journal",
        "authors": [{"family": "Younger", "given": "J"}, {"family": "Mackey", "given": "S"}],
        "title": "Fibromyalgia symptoms are reduced by low-dose naltrexone: a pilot study",
        "container_title": "Pain Med",
        "year": 2009,
        "volume": "10",
        "issue": "4",
        "pages": "663-672",
        "doi": "10.1111/j.1526-4637.2009.00613.x",
        "pmid": "19453963",
    }


def test_a_title_over_several_lines_is_read_whole_and_short_page_ranges_written_in_full():
    fields = parse_entry((PUBMED / "younger2013.nbib").read_text(encoding="utf-8"))
    assert fields["title"] == (
        "Low-dose naltrexone for the treatment of fibromyalgia: findings of a small, randomized, double-blind, "
        "placebo-controlled, counterbalanced, crossover trial assessing daily pain levels"
    )
    assert fields["pages"] == "529-538" and "pmid" not in fields
    assert [a["family"] for a in fields["authors"]] == ["Younger", "Noor", "McCue", "Mackey"]


def test_medline_is_told_apart_from_ris_though_both_write_TI_lines():
    assert detect_format((PUBMED / "younger2009.nbib").read_text(encoding="utf-8")) == "medline"
    assert detect_format("TY  - JOUR\nTI  - A title\nER  - \n") == "ris"


def test_an_organisation_author_and_AU_only_records():
    record = "PMID- 1\nTI  - A consensus statement.\nAU  - Younger J\nCN  - Pain Research Group\nDP  - 2020 Mar 5\n"
    fields = parse_entry(record)
    assert fields["authors"] == [{"family": "Younger", "given": "J"}, {"literal": "Pain Research Group"}]
    assert (fields["year"], fields["month"], fields["day"]) == (2020, 3, 5)


def test_two_records_and_a_broken_line_are_refused_in_words():
    two = (PUBMED / "younger2009.nbib").read_text(encoding="utf-8") + (PUBMED / "younger2013.nbib").read_text(encoding="utf-8")
    with pytest.raises(EntryError, match="That is 2 entries; paste one PubMed \\(MEDLINE\\) entry at a time"):
        parse_entry(two)
    with pytest.raises(EntryError, match="Line 2 .* is not a MEDLINE line"):
        parse_entry("PMID- 1\nthis line is not a tag\n")
    with pytest.raises(MedlineError):
        parse_records("TI  - x\n!!\n")


def test_unreadable_text_names_every_format_the_form_reads():
    with pytest.raises(EntryError) as refusal:
        parse_entry("Younger J, Mackey S. Fibromyalgia symptoms are reduced by low-dose naltrexone. Pain Med 2009.")
    for name in ["BibTeX", "RIS", "CSL-JSON", "MEDLINE", ".nbib"]:
        assert name in str(refusal.value)
