"""Glossary: first use of each term links to its definition, safely, and stays in step with the terms."""
import re

import pytest
from django.contrib.auth.models import User

from core.html_tokens import start_tags
from glossary.linking import link_terms
from glossary.models import Term


def linked_slugs(html):
    """The terms a stored body links to, in order."""
    return [attrs["data-term"] for tag, attrs in start_tags(html) if tag == "a" and "data-term" in attrs]


@pytest.fixture
def make_term(db):
    def make(name, synonyms="", definition="A plain definition.", **fields):
        term = Term(name=name, slug=fields.pop("slug", re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")),
                    synonyms=synonyms, definition=definition, **fields)
        term.full_clean()
        term.save()
        return term

    return make


def links(html):
    return re.findall(r'<a class="glossary-term preview-link" href="([^"]+)" data-term="([^"]+)"[^>]*>([^<]*)</a>', html)


def test_only_the_first_use_of_a_term_is_linked(make_term):
    term = make_term("Naltrexone")
    html = link_terms("<p>Naltrexone blocks opioids.</p><p>Naltrexone again, and naltrexone.</p>", [term])
    assert links(html) == [("/glossary/#term-naltrexone", "naltrexone", "Naltrexone")]
    assert html.count("Naltrexone") == 2 and "naltrexone." in html


def test_synonyms_plurals_and_case_all_find_the_term(make_term):
    term = make_term("Opioid antagonist", synonyms="antagonist\nNarcan")
    assert links(link_terms("<p>These are opioid antagonists.</p>", [term]))[0][2] == "opioid antagonists"
    assert links(link_terms("<p>A NARCAN spray.</p>", [term]))[0][2] == "NARCAN"
    assert links(link_terms("<p>An antagonist here.</p>", [term]))[0][1] == "opioid-antagonist"


def test_a_term_is_never_matched_inside_a_longer_word(make_term):
    term = make_term("Mu", synonyms="")
    assert links(link_terms("<p>Multiple sclerosis and mu-like things; emu.</p>", [term])) == []
    assert len(links(link_terms("<p>The “mu” receptor.</p>", [term]))) == 1


def test_the_longest_spelling_wins(make_term):
    receptor = make_term("Mu opioid receptor", synonyms="mu")
    agonist = make_term("Opioid agonist")
    html = link_terms("<p>Naltrexone binds the mu opioid receptor; opioid agonists too.</p>", [receptor, agonist])
    assert [text for _, _, text in links(html)] == ["mu opioid receptor", "opioid agonists"]


@pytest.mark.parametrize(
    "html",
    [
        '<h2 id="x">Naltrexone</h2>',
        '<p><a href="https://example.org">naltrexone</a></p>',
        "<p><code>naltrexone</code></p>",
        "<pre><code>naltrexone</code></pre>",
        '<p><sup class="citation"><span class="visually-hidden">naltrexone</span></sup></p>',
    ],
)
def test_nothing_is_linked_inside_headings_links_code_or_citations(make_term, html):
    term = make_term("Naltrexone")
    assert link_terms(html, [term]) == html


def test_first_use_after_a_heading_is_the_one_linked(make_term):
    term = make_term("Naltrexone")
    html = link_terms('<h2 id="n">Naltrexone</h2><p>About naltrexone.</p>', [term])
    assert html == '<h2 id="n">Naltrexone</h2><p>About <a class="glossary-term preview-link" href="/glossary/#term-naltrexone" data-term="naltrexone">naltrexone</a>.</p>'


def test_escaped_text_around_a_term_stays_escaped(make_term):
    term = make_term("Naltrexone", synonyms='"><script>x</script>')
    html = link_terms("<p>&lt;script&gt;naltrexone&lt;/script&gt; &amp; more</p>", [term])
    assert html == (
        '<p>&lt;script&gt;<a class="glossary-term preview-link" href="/glossary/#term-naltrexone" data-term="naltrexone">'
        "naltrexone</a>&lt;/script&gt; &amp; more</p>"
    )


def test_a_term_is_never_found_inside_a_character_reference(make_term):
    term = make_term("AMP")
    html = link_terms("<p>R&amp;D, &#65;MP and amp.</p>", [term])
    assert html == '<p>R&amp;D, &#65;MP and <a class="glossary-term preview-link" href="/glossary/#term-amp" data-term="amp">amp</a>.</p>'


def test_articles_get_links_when_rendered_and_lose_them_when_the_term_goes(make_term, make_article):
    article = make_article("Some pain is **neuropathic pain**. Neuropathic pain again.")
    assert linked_slugs(article.body_html) == []
    term = make_term("Neuropathic pain")
    article.refresh_from_db()
    assert linked_slugs(article.body_html) == ["neuropathic-pain"]
    assert article.body_html.count("glossary-term") == 1
    term.delete()
    article.refresh_from_db()
    assert linked_slugs(article.body_html) == []


def test_renaming_a_term_or_adding_a_synonym_re_renders_the_articles(make_term, make_article):
    article = make_article("Naloxone, sold as Narcan, reverses opioids.")
    term = make_term("Naloxone")
    term.slug = "naloxone-spray"
    term.synonyms = "Narcan"
    term.save()
    article.refresh_from_db()
    assert [href for href, _, _ in links(article.body_html)] == ["/glossary/#term-naloxone-spray"]


def test_a_spelling_can_belong_to_one_term_only(make_term):
    make_term("Opioid antagonist", synonyms="antagonist")
    with pytest.raises(Exception) as error:
        make_term("Antagonist drug", synonyms="Antagonist")
    assert "already belongs to the term “Opioid antagonist”" in str(error.value)


def test_every_required_term_is_in_the_seed_glossary(seeded):
    required = [
        "opioid agonist", "opioid antagonist", "partial agonist", "mu opioid receptor", "naloxone", "naltrexone",
        "buprenorphine", "methadone", "glial cells", "microglia", "toll-like receptor 4",
        "inflammation of the nervous system", "hyperalgesia", "fibromyalgia", "neuropathic pain", "central pain",
        "compounding pharmacy", "off-label use", "opioid withdrawal", "half-life", "placebo-controlled trial",
        "crossover trial",
    ]
    names = {name.lower() for name in Term.objects.values_list("name", flat=True)}
    assert [term for term in required if term not in names] == []


def test_seed_definitions_cite_only_verified_references(seeded):
    from references.models import Reference

    cited = Reference.objects.filter(glossary_terms__isnull=False).distinct()
    assert cited.exists()
    for reference in cited:
        assert "not independently checked" not in reference.verification, reference.key


def test_glossary_page_gives_every_term_an_anchor_and_marks_the_text_as_the_sites(client, seeded):
    html = client.get("/glossary/").content.decode()
    for term in Term.objects.all():
        assert f'id="{term.anchor}"' in html
        assert term.definition.replace("'", "&#x27;") in html
    assert "written by this site's editors" in html.replace("&#x27;", "'")
    assert 'href="/references/younger2014/"' in html


def test_seeded_articles_link_terms_to_anchors_the_glossary_page_has(client, seeded):
    glossary = client.get("/glossary/").content.decode()
    for slug in ["ldn-invisible-pain", "naltrexone-for-analgesia", "ldn-for-fibromyalgia"]:
        html = client.get(f"/articles/{slug}/").content.decode()
        found = links(html)
        assert found, slug
        assert len({term for _, term, _ in found}) == len(found), f"{slug}: a term is linked twice"
        for href, _, _ in found:
            assert f'id="{href.split("#")[1]}"' in glossary


def test_glossary_page_query_count_does_not_grow_with_terms(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get("/glossary/").status_code == 200


def test_editor_sees_the_definitions_reading_level_and_manages_synonyms(client, seeded):
    admin = User.objects.create_superuser("editor", "e@example.org", "pw-long-enough-1")
    client.force_login(admin)
    term = Term.objects.get(slug="half-life")
    html = client.get(f"/admin/glossary/term/{term.pk}/change/").content.decode()
    assert "within the target of 8 or lower" in html
    assert 'name="synonyms"' in html
    listing = client.get("/admin/glossary/term/").content.decode()
    assert "definition reading level" in listing.lower()


def test_glossary_is_a_to_z_whatever_the_case_with_each_letter_once(client, make_term):
    # SQLite (and PostgreSQL with the "C" collation) sort "Zinc" before "aspirin" by byte value.
    for name in ["Zinc", "aspirin", "Buprenorphine", "analgesia"]:
        make_term(name)
    html = client.get("/glossary/").content.decode()
    assert re.findall(r'<h2 id="letter-([a-z])">', html) == ["a", "b", "z"]
    assert re.findall(r'<div class="glossary-entry" id="term-([a-z-]+)"', html) == ["analgesia", "aspirin", "buprenorphine", "zinc"]
