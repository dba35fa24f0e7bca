"""Citation export: BibTeX, RIS and CSL-JSON that reference managers read back exactly."""
import json
import subprocess

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from references import exports
from references.schema import readable_authors

HOSTILE_TITLE = "Pain & mood: 50% {better}? #1 of_2 ~ ^ \\ $5\nsecond line"


def parse_bibtex(text, decode=True):
    stack = [middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()]
    if decode:
        stack = [middlewares.LatexDecodingMiddleware()]
    library = bibtexparser.parse_string(text, append_middleware=stack)
    assert library.failed_blocks == []
    return library.entries


@pytest.fixture
def trial(make_reference):
    return make_reference(
        key="younger2013",
        authors=[{"family": "Younger", "given": "J"}, {"family": "Noor", "given": "N"}],
        title="Low-dose naltrexone for the treatment of fibromyalgia",
        container_title="Arthritis Rheum",
        year=2013,
        month=2,
        volume="65",
        issue="2",
        pages="529-538",
        doi="10.1002/art.37734",
        pmid="23359310",
    )


@pytest.fixture
def web_page(make_reference):
    import datetime

    return make_reference(
        key="samhsa-naltrexone",
        kind="webpage",
        authors=[{"literal": "Substance Abuse and Mental Health Services Administration"}],
        title="Naltrexone",
        container_title="SAMHSA",
        year=None,
        volume="",
        pages="",
        doi="",
        url="https://www.samhsa.gov/naltrexone",
        accessed=datetime.date(2024, 5, 1),
        evidence_type="webpage",
    )


def test_csl_json_round_trips_every_field(trial):
    [item] = json.loads(exports.csl_json([trial]))
    assert item == {
        "id": "younger2013",
        "type": "article-journal",
        "title": "Low-dose naltrexone for the treatment of fibromyalgia",
        "author": [{"family": "Younger", "given": "J"}, {"family": "Noor", "given": "N"}],
        "container-title": "Arthritis Rheum",
        "volume": "65",
        "issue": "2",
        "page": "529-538",
        "DOI": "10.1002/art.37734",
        "PMID": "23359310",
        "issued": {"date-parts": [[2013, 2]]},
    }


def test_csl_json_keeps_an_organisation_author_whole_and_the_access_date(web_page):
    [item] = json.loads(exports.csl_json([web_page]))
    assert item["author"] == [{"literal": "Substance Abuse and Mental Health Services Administration"}]
    assert item["accessed"] == {"date-parts": [[2024, 5, 1]]}
    assert "issued" not in item and item["URL"] == "https://www.samhsa.gov/naltrexone"


def test_bibtex_round_trips_a_journal_article(trial):
    [entry] = parse_bibtex(exports.bibtex([trial]))
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert (entry.entry_type, entry.key) == ("article", "younger2013")
    assert fields["title"] == trial.title
    assert fields["journal"] == "Arthritis Rheum"
    assert fields["doi"] == "10.1002/art.37734"
    assert fields["pages"] == "529–538"  # "--" decodes to an en dash, as LaTeX prints it
    assert (fields["year"], fields["volume"], fields["number"]) == ("2013", "65", "2")


def test_bibtex_splits_people_but_keeps_an_organisation_as_one_author(trial, web_page):
    people, organisation = parse_bibtex(exports.bibtex([trial, web_page]), decode=False)
    assert [(n.last, n.first) for n in people.fields_dict["author"].value] == [(["Younger"], ["J"]), (["Noor"], ["N"])]
    [whole] = organisation.fields_dict["author"].value
    assert whole.last == ["{Substance Abuse and Mental Health Services Administration}"] and whole.first == []


def test_bibtex_marks_a_truncated_author_list_with_others(make_reference):
    ref = make_reference(authors=[{"family": "Gold", "given": "MS"}], authors_truncated=True)
    [entry] = parse_bibtex(exports.bibtex([ref]), decode=False)
    assert [n.last for n in entry.fields_dict["author"].value] == [["Gold"], ["others"]]


def test_bibtex_keeps_latex_special_characters_as_text(make_reference):
    ref = make_reference(title=HOSTILE_TITLE)
    text = exports.bibtex([ref])
    [entry] = parse_bibtex(text)
    # pylatexenc decodes LaTeX's \textasciicircum to U+02C6 rather than "^"; LaTeX prints "^".
    decoded = entry.fields_dict["title"].value.replace("\u02c6", "^")
    assert decoded == " ".join(HOSTILE_TITLE.split())
    assert entry.fields_dict["doi"].value == ref.doi  # the next field was not swallowed


def test_ris_round_trips_a_journal_article(trial):
    [record] = rispy.loads(exports.ris([trial]))
    assert record["type_of_reference"] == "JOUR"
    assert record["authors"] == ["Younger, J", "Noor, N"]
    assert record["title"] == trial.title
    assert record["journal_name"] == "Arthritis Rheum"
    assert (record["year"], record["volume"], record["number"]) == ("2013", "65", "2")
    assert (record["start_page"], record["end_page"]) == ("529", "538")
    assert record["doi"] == "10.1002/art.37734"
    assert record["date"] == "2013/02//"


def test_ris_web_page_keeps_its_address_and_access_date(web_page):
    [record] = rispy.loads(exports.ris([web_page]))
    assert record["type_of_reference"] == "ELEC"
    assert record["authors"] == ["Substance Abuse and Mental Health Services Administration"]
    assert record["urls"] == ["https://www.samhsa.gov/naltrexone"]
    assert record["access_date"] == "2024/05/01"


def test_ris_title_with_a_newline_stays_one_field(make_reference):
    ref = make_reference(title=HOSTILE_TITLE)
    [record] = rispy.loads(exports.ris([ref]))
    assert record["title"] == " ".join(HOSTILE_TITLE.split())
    assert record["doi"] == ref.doi


def test_article_bibliography_downloads_in_citation_order_in_every_format(client, seeded):
    url = "/articles/naltrexone-for-analgesia/references."
    bib = client.get(url + "bib")
    assert bib["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert 'filename="naltrexone-for-analgesia-references.bib"' in bib["Content-Disposition"]
    keys = [entry.key for entry in parse_bibtex(bib.content.decode())]
    assert keys[:3] == ["samhsa-naltrexone", "singh2022", "younger2014"] and len(keys) == 9
    assert len(rispy.loads(client.get(url + "ris").content.decode())) == 9
    assert [i["id"] for i in json.loads(client.get(url + "json").content)] == keys


def test_single_reference_and_whole_list_download(client, seeded):
    [item] = json.loads(client.get("/references/younger2009/cite.json").content)
    assert item["DOI"] == "10.1111/j.1526-4637.2009.00613.x"
    from references.models import Reference

    assert len(rispy.loads(client.get("/references/all.ris").content.decode())) == Reference.objects.count() == 15


def test_unknown_format_or_draft_article_is_not_found(client, seeded, make_article):
    draft = make_article(status="draft")
    assert client.get("/references/younger2009/cite.exe").status_code == 404
    assert client.get(f"/articles/{draft.slug}/references.bib").status_code == 404
    assert client.get("/references/nosuch/cite.bib").status_code == 404


def test_pages_link_to_the_downloads(client, seeded):
    article = client.get("/articles/naltrexone-for-analgesia/").content.decode()
    assert 'href="/articles/naltrexone-for-analgesia/references.ris"' in article
    assert 'href="/references/younger2013/cite.bib"' in client.get("/references/younger2013/").content.decode()
    assert 'href="/references/all.json"' in client.get("/references/").content.decode()


# Pandoc prints a title's quotation in CSL's own quotes ("‘bad guys’" comes back as "“bad guys”"):
# which quotation marks is pandoc's choice, so they are compared as one mark. Capitals are exact.
SAME_QUOTES = str.maketrans("‘’“”", "''''")


def pandoc_csl(text, source_format):
    """What Debian's pandoc (a reader independent of ours) reads in an export, by citation key."""
    read = subprocess.run(
        ["pandoc", "--from", source_format, "--to", "csljson"],
        input=text, capture_output=True, text=True, check=True, timeout=60,
    )
    return {item["id"]: item for item in json.loads(read.stdout)}


def as_read(item):
    year = item.get("issued", {}).get("date-parts", [[None]])[0][0]
    return item["title"].translate(SAME_QUOTES), item.get("author", []), year, item.get("DOI")


def as_stored(ref, truncated_as):
    authors = readable_authors(ref.authors) + (truncated_as if ref.authors_truncated else [])
    return ref.title.translate(SAME_QUOTES), authors, ref.year, ref.doi or None


@pytest.mark.parametrize("fmt, source_format, truncated_as", [
    # Pandoc 2.17 reads BibTeX's "and others" (et al) as an author named "others".
    ("bib", "bibtex", [{"literal": "others"}]),
    ("json", "csljson", []),
])
def test_pandoc_reads_every_seed_reference_as_stored(client, seeded, fmt, source_format, truncated_as):
    from references.models import Reference

    read = pandoc_csl(client.get(f"/references/all.{fmt}").content.decode(), source_format)
    stored = Reference.objects.order_by("key")
    assert sorted(read) == sorted(ref.key for ref in stored) and len(read) == 15
    for ref in stored:
        assert as_read(read[ref.key]) == as_stored(ref, truncated_as), ref.key
    assert read["watkins2007"]["title"].startswith("Norman Cousins Lecture. Glia")
    assert "(Freund’s adjuvant" in read["kayser1987"]["title"]
