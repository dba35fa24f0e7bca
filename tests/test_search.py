"""Search across articles, the glossary and references: ranked, highlighted safely, never a 500.

Runs on whichever database the settings give: SQLite by default, PostgreSQL full-text search
when DATABASE_URL points at PostgreSQL.
"""
import re

import pytest
from django.db import connection

from search.engine import MAX_QUERY_CHARS, clean_query, search
from search.models import Passage


def results(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_a_word_lands_on_the_passage_that_holds_it(client, seeded):
    html = results(client, "dreams")
    assert 'href="/articles/ldn-for-fibromyalgia/#stanford-studies"' in html
    assert "vivid <mark>dreams</mark>" in html


def test_a_glossary_term_ranks_above_passing_mentions(seeded):
    found = search(clean_query("microglia"))
    assert found[0].kind == "term" and found[0].url == "/glossary/#term-microglia"
    assert any(r.url.startswith("/articles/naltrexone-for-analgesia/") for r in found)


def test_results_cover_articles_glossary_and_references(seeded):
    kinds = {r.kind for r in search(clean_query("fibromyalgia"))}
    assert kinds == {"article", "term", "reference"}


def test_one_result_per_page_best_first(seeded):
    found = search(clean_query("naltrexone"))
    keys = [r.url if r.kind == "term" else r.url.split("#")[0] for r in found]
    assert len(keys) == len(set(keys))
    assert [r.rank for r in found] == sorted((r.rank for r in found), reverse=True)


def test_matching_text_is_escaped_and_only_marks_are_markup(client, make_article):
    make_article("Some say <script>alert('x')</script> naltrexone & more.", slug="hostile", title="Hostile")
    html = results(client, "naltrexone")
    snippet = re.search(r'<p class="search-snippet">(.*?)</p>', html, re.S).group(1)
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet and "<mark>naltrexone</mark>" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_a_hostile_query_is_shown_escaped(client, seeded):
    html = results(client, '"><script>alert(1)</script>')
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("q", ["", "   ", "\x00", "%", "_", "''", "!!!", "a" * 10_000, "dose " * 500, "(&|!:*)", "-", '"'])
def test_empty_odd_and_very_long_queries_get_a_clean_answer(client, seeded, q):
    html = results(client, q)
    assert "<h1>Search</h1>" in html


def test_a_very_long_query_is_cut_and_the_reader_is_told(client, seeded):
    html = results(client, "dose " * 100)
    assert f"only its first {MAX_QUERY_CHARS} characters were used" in html
    assert len(clean_query("x" * 10_000).text) == MAX_QUERY_CHARS


def test_an_empty_query_asks_for_a_word(client, seeded):
    assert "Type a word or two" in results(client, "")
    assert "had no letters or numbers" in results(client, "!!!")


def test_nothing_found_says_so(client, seeded):
    assert "Nothing found for “zzyzzx”" in results(client, "zzyzzx")


def test_draft_articles_are_never_found(client, seeded):
    from articles.models import Article

    Article.objects.filter(slug="ldn-for-fibromyalgia").update(status="draft")
    assert "/articles/ldn-for-fibromyalgia/" not in results(client, "dreams")


def test_saving_an_article_re_indexes_it(make_article):
    from articles.publishing import article_render

    article = make_article("Nothing special.")
    assert search(clean_query("quokka")) == []
    article.body = "## Animals\n\nA quokka smiles."
    article.save()
    article_render(article=article)
    assert [r.url for r in search(clean_query("quokka"))] == [f"{article.get_absolute_url()}#animals"]


def test_every_page_has_the_search_box(client, seeded):
    for url in ["/", "/articles/ldn-invisible-pain/", "/references/", "/glossary/", "/what-the-sources-say/"]:
        html = client.get(url).content.decode()
        assert 'role="search"' in html and 'name="q"' in html, url


def test_search_uses_the_databases_own_full_text_search(seeded):
    # PostgreSQL stems words, so "dreaming" finds "dreams"; the portable scan matches text as typed.
    found = [r.url for r in search(clean_query("dreaming"))]
    if connection.vendor == "postgresql":
        assert "/articles/ldn-for-fibromyalgia/#stanford-studies" in found
    else:
        assert found == []
        assert "/articles/ldn-for-fibromyalgia/#stanford-studies" in [r.url for r in search(clean_query("dream"))]


def test_rebuilding_the_index_gives_the_same_passages(seeded):
    from search.indexing import rebuild

    before = sorted(Passage.objects.values_list("url", "text"))
    assert rebuild() == len(before)
    assert sorted(Passage.objects.values_list("url", "text")) == before


def test_search_page_query_count_is_fixed(client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        results(client, "low dose naltrexone")
