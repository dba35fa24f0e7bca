"""The same paper never gets in twice unwarned; authors one per row; PubMed import in the admin."""
import json
from pathlib import Path

import pytest

from references.duplicates import fingerprint, normalised, same_work
from references.models import Reference

from .admin_forms import change_form

PUBMED = Path(__file__).parent / "pubmed"
# What Google Scholar's "Cite → BibTeX" gives for younger2013: no DOI, title in another case.
SCHOLAR_BIBTEX = """@article{younger2013low,
  title={Low-dose naltrexone for the treatment of fibromyalgia: Findings of a small, randomized, double-blind, placebo-controlled, counterbalanced, crossover trial assessing daily pain levels},
  author={Younger, Jarred and Noor, Noorulain and McCue, Rebecca and Mackey, Sean},
  journal={Arthritis \\& Rheumatism}, volume={65}, number={2}, pages={529--538}, year={2013}
}"""


def test_titles_are_compared_without_case_accents_or_punctuation():
    assert normalised("Low-dose Naltrexone (LDN): a Pilot Study!") == "low dose naltrexone ldn a pilot study"
    assert normalised("Naïve café") == "naive cafe"
    assert fingerprint(title="A B", year=2013, authors=[{"family": "Younger", "given": "J"}]) == (
        fingerprint(title="a, b.", year=2013, authors=[{"family": "YOUNGER", "given": "Jarred"}])
    )


def test_same_title_and_year_but_another_first_author_is_not_the_same_work(make_reference):
    make_reference(key="a", title="A trial", year=2013, authors=[{"family": "Younger", "given": "J"}])
    assert same_work(Reference.objects.all(), title="A trial", year=2013, authors=[{"family": "Mackey", "given": "S"}]) == []
    assert same_work(Reference.objects.all(), title="A trial", year=2014, authors=[{"family": "Younger"}]) == []
    assert [r.key for r in same_work(Reference.objects.all(), title="A TRIAL.", year=2013, authors=[{"family": "younger"}])] == ["a"]


def test_a_google_scholar_bibtex_of_a_paper_already_there_warns_on_import_with_a_link(editor_client, seeded):
    response = editor_client.post("/admin/references/reference/import/", {"entry": SCHOLAR_BIBTEX}, follow=True)
    html = response.content.decode()
    existing = Reference.objects.get(key="younger2013")
    assert "looks like a paper already in the bibliography" in html
    assert f'href="/admin/references/reference/{existing.pk}/change/">younger2013' in html


def test_saving_the_same_paper_again_is_refused_with_a_link_until_confirmed(editor_client, seeded):
    add = "/admin/references/reference/add/"
    fields = change_form(editor_client, add)
    fields.update({
        "key": "younger2013b", "kind": "article-journal", "evidence_type": "trial", "year": "2013",
        "title": "Low-dose naltrexone for the treatment of fibromyalgia: findings of a small, randomized, double-blind, "
                 "placebo-controlled, counterbalanced, crossover trial assessing daily pain levels.",
        "authors-0-family": "Younger", "authors-0-given": "Jarred",
    })
    refused = editor_client.post(add, fields)
    html = refused.content.decode()
    existing = Reference.objects.get(key="younger2013")
    assert refused.status_code == 200 and "looks like a paper already in the bibliography" in html
    assert f'<a href="/admin/references/reference/{existing.pk}/change/">younger2013 (' in html
    assert not Reference.objects.filter(key="younger2013b").exists()
    fields["not_a_duplicate"] = "on"
    assert editor_client.post(add, fields).status_code == 302
    assert Reference.objects.filter(key="younger2013b").exists()


def test_editing_a_reference_never_warns_about_itself(editor_client, seeded):
    reference = Reference.objects.get(key="younger2013")
    url = f"/admin/references/reference/{reference.pk}/change/"
    assert editor_client.post(url, change_form(editor_client, url)).status_code == 302


def test_authors_are_one_row_each_and_an_organisation_has_one_name(editor_client, seeded):
    reference = Reference.objects.get(key="younger2009")
    url = f"/admin/references/reference/{reference.pk}/change/"
    html = editor_client.get(url).content.decode()
    assert 'name="authors-0-family" value="Younger"' in html and 'name="authors-1-family" value="Mackey"' in html
    assert '"family": "Younger"' not in html  # no JSON for editors to type
    fields = change_form(editor_client, url)
    fields.update({"authors-1-family": "", "authors-1-given": "", "authors-2-literal": "Stanford Pain Group"})
    assert editor_client.post(url, fields).status_code == 302
    reference.refresh_from_db()
    assert reference.authors == [{"family": "Younger", "given": "J"}, {"literal": "Stanford Pain Group"}]


def test_a_row_with_a_person_and_an_organisation_is_refused_by_the_schema(editor_client, seeded):
    reference = Reference.objects.get(key="younger2009")
    url = f"/admin/references/reference/{reference.pk}/change/"
    fields = change_form(editor_client, url)
    fields["authors-1-literal"] = "Some Group"
    html = editor_client.post(url, fields).content.decode()
    assert "Author 2 is an organisation" in html and "cannot also have" in html
    assert 'name="authors-1-literal" value="Some Group"' in html  # what was typed stays in the form


def test_the_add_form_links_to_the_import(editor_client, db):
    html = editor_client.get("/admin/references/reference/add/").content.decode()
    assert 'href="/admin/references/reference/import/">Fill in this form from BibTeX, RIS, CSL-JSON or PubMed' in html


def test_a_pubmed_export_fills_in_the_add_form(editor_client, db):
    entry = (PUBMED / "younger2009.nbib").read_text(encoding="utf-8")
    html = editor_client.post("/admin/references/reference/import/", {"entry": entry}, follow=True).content.decode()
    assert "Filled in from the PubMed (MEDLINE) entry" in html
    assert 'name="authors-0-family" value="Younger"' in html and 'name="pmid" value="19453963"' in html
