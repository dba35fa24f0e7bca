"""The site's seed content: three articles, faithfully converted, every citation resolving."""
import re
import pytest
from django.core.management import call_command

from articles.models import Article, Citation
from references.models import Reference

pytestmark = pytest.mark.usefixtures("seeded")

# CONTENT-NOTES' "Further verified sources": cited by this site's editors only, never by an article's author.
FURTHER_VERIFIED = {"label-naltrexone-tablets", "label-vivitrol", "cdc-prescription-opioids", "cdc-synthetic-opioids", "fda-ranitidine-2020"}

ANALGESIA_ORDER = [
    ("samhsa-naltrexone", ""),
    ("singh2022", ""),
    ("younger2014", "10.1007/s10067-014-2517-2"),
    ("gold1982", "10.1002/med.2610020302"),
    ("garrick2017", ""),
    ("younger2013", "10.1002/art.37734"),
    ("watkins2007", "10.1016/j.bbi.2006.10.011"),
    ("brown2009", "10.1016/j.mehy.2008.06.048"),
    ("kayser1987", "10.1016/0006-8993(87)91338-2"),
]


def test_three_articles_and_fifteen_references_are_loaded():
    assert Article.objects.published().count() == 3
    assert Reference.objects.count() == 15


def test_loading_again_adds_nothing_and_keeps_staff_edits():
    Article.objects.filter(slug="ldn-invisible-pain").update(title="Edited by staff")
    call_command("load_content")
    assert Article.objects.count() == 3 and Reference.objects.count() == 15
    assert Article.objects.get(slug="ldn-invisible-pain").title == "Edited by staff"


@pytest.mark.parametrize("slug", ["ldn-invisible-pain", "naltrexone-for-analgesia", "ldn-for-fibromyalgia"])
def test_each_article_renders_with_every_citation_resolving(slug):
    article = Article.objects.get(slug=slug)
    assert article.body_html.strip()
    assert "citation-error" not in article.body_html
    numbers = set(int(n) for n in re.findall(r'href="#ref-(\d+)"', article.body_html))
    assert numbers == set(article.citations.values_list("number", flat=True))


def test_analgesia_bibliography_keeps_the_sources_order_and_dois():
    article = Article.objects.get(slug="naltrexone-for-analgesia")
    rows = list(article.citations.order_by("number").values_list("number", "reference__key", "reference__doi"))
    assert rows == [(n, key, doi) for n, (key, doi) in enumerate(ANALGESIA_ORDER, start=1)]
    assert not any(c.added_by_editors for c in article.citations.all())


def test_every_seed_doi_is_valid_and_links_to_doi_org():
    for reference in Reference.objects.exclude(doi=""):
        reference.full_clean()
        assert reference.doi_url.startswith("https://doi.org/10.")
        assert reference.doi in reference.formatted


def test_fibromyalgia_article_cites_the_two_stanford_studies_as_editors():
    article = Article.objects.get(slug="ldn-for-fibromyalgia")
    sentence = article.body_html.split("Stanford University conducted two small studies")[1][:900]
    assert 'class="citation citation-editor"' in sentence.split("</sup>")[0]
    keys = {c.reference.key: c for c in article.citations.select_related("reference")}
    assert set(keys) == {"younger2009", "younger2013", "label-naltrexone-tablets", "label-vivitrol"}
    assert all(c.added_by_editors for c in keys.values())


def test_only_verified_references_are_cited_by_editors():
    editor_cited = {
        c.reference.key
        for c in Citation.objects.select_related("reference")
        for o in c.occurrences
        if o["added_by_editors"]
    }
    assert editor_cited <= {key for key, _ in ANALGESIA_ORDER} | {"younger2009"} | FURTHER_VERIFIED


def test_the_further_verified_sources_are_cited_only_by_the_editors_and_say_so():
    for key in FURTHER_VERIFIED:
        reference = Reference.objects.get(key=key)
        assert reference.verification.startswith("Added by this site's editors"), key
        assert reference.authors == [] and reference.doi == "", key  # nothing CONTENT-NOTES does not give
        assert all(c.added_by_editors for c in reference.citations.all()), key


def test_source_flaws_are_editors_notes_beside_the_passage_not_edits():
    html = Article.objects.get(slug="naltrexone-for-analgesia").body_html
    # The author's words stay as written ...
    assert "mice treated with morphine" in html
    # ... and the editors' notes sit beside them.
    notes = re.findall(r'<aside aria-label="Note from this site\'s editors" class="editor-note" id="editor-note-[0-9]+" role="note">(.*?)</aside>', html, re.S)
    assert any("rats" in n for n in notes)
    assert any("1982" in n for n in notes)
    assert any("28.8%" in n and "18.0%" in n for n in notes)
    fibro = Article.objects.get(slug="ldn-for-fibromyalgia").body_html
    assert "57% of the participants" in fibro
    assert "28.8%" in fibro.split("57% of the participants")[1]


def test_page_furniture_and_advertising_are_gone():
    text = " ".join(Article.objects.values_list("body", flat=True))
    for furniture in ["Click here to get this post in PDF", "Leave a Reply", "logged in to post a comment",
                      "1-970-227-0526", "Call us now", "goo.gl", "\u00a0"]:
        assert furniture not in text


def test_glued_date_became_the_publication_date_and_left_the_text():
    article = Article.objects.get(slug="ldn-invisible-pain")
    assert article.published_on.isoformat() == "2023-04-06"
    assert "Apr 06, 2023" not in article.body


def test_authors_and_publishers_are_credited_as_the_source_gives_them():
    fibro = Article.objects.get(slug="ldn-for-fibromyalgia")
    assert (fibro.author, fibro.author_credentials, fibro.publisher) == ("Siegfried Emme", "FNP", "Loveland Medical Clinic")
    assert fibro.title_by_editors
    assert not Article.objects.get(slug="naltrexone-for-analgesia").title_by_editors


def test_sections_keep_the_sources_headings():
    html = Article.objects.get(slug="ldn-invisible-pain").body_html
    assert '<h2 id="what-kinds-of-pain-are-resistant-to-opioids">' in html
    assert "<h3" in html and "Agonist or Pure Opioid Type Drugs" in html


