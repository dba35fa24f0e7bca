"""Every public page runs the same number of SQL queries with 1x and 50x the content (no N+1)."""
import pytest
from django.urls import resolve

from tests.public_pages import public_urls

# The most queries each public view may run, whatever the amount of content.
MAX_QUERIES = {
    "home": 2,
    "articles:detail": 2,
    "articles:references-export": 2,
    # the references, their articles' citations, and where the glossary and the common questions cite them
    "references:list": 4,
    "references:detail": 4,
    "references:export": 1,
    "references:list-export": 1,
    "glossary:list": 2,
    "compare:sources": 4,
    "compare:conditions": 1,
    "compare:condition": 4,
    "about": 2,
    "questions:index": 1,
    "questions:detail": 6,
    # thesaurus 2, word counts, the site's words and editors' notes (only the first search of a content
    # generation); words found by stemming, similar words (typos only); the passages of each tier (words
    # as typed, with the thesaurus, some words) and, on PostgreSQL, the marks.
    "search:search": 11,
    "feed": 1,
    "feed-about": 1,
    "sitemap": 6,
    "robots": 0,
}


def every_public_url():
    return public_urls() + ["/search/?q=widget", "/search/?q=shared", "/search/?q=condition", "/search/?q=wigdet+sharred+conditoin+tramadl"]


@pytest.mark.parametrize("scale", [1, 50])
def test_every_public_page_runs_a_fixed_number_of_queries(client, make_content, django_assert_max_num_queries, scale):
    make_content(scale)
    urls = every_public_url()
    assert len(urls) > 10 * scale  # each article, reference and condition page is visited
    for url in urls:
        view_name = resolve(url.split("?")[0]).view_name
        with django_assert_max_num_queries(MAX_QUERIES[view_name], info=url):
            response = client.get(url)
        assert response.status_code == 200, url


def test_the_bounds_cover_every_public_view(make_content):
    make_content(1)
    assert {resolve(url.split("?")[0]).view_name for url in every_public_url()} == set(MAX_QUERIES)
