"""DOIs: stored bare, validated, linked so that every character resolves."""
import pytest
from django.core.exceptions import ValidationError

from references.dois import doi_url, normalize_doi, validate_doi


@pytest.mark.parametrize(
    "pasted",
    [
        "10.1002/art.37734",
        "  10.1002/art.37734  ",
        "doi:10.1002/art.37734",
        "DOI: 10.1002/art.37734",
        "https://doi.org/10.1002/art.37734",
        "http://dx.doi.org/10.1002/art.37734",
        "doi.org/10.1002/art.37734",
        "https://www.doi.org/10.1002/art.37734",
    ],
)
def test_common_doi_forms_are_stored_bare(pasted):
    assert normalize_doi(pasted) == "10.1002/art.37734"


def test_doi_url_form_is_percent_decoded():
    assert normalize_doi("https://doi.org/10.1016/0006-8993%2887%2991338-2") == "10.1016/0006-8993(87)91338-2"


@pytest.mark.parametrize("bad", ["art.37734", "10.12/x", "10.1002", "10.1002/", "10.1002/has space", "http://example.org/x"])
def test_malformed_doi_is_rejected_naming_the_value(bad):
    with pytest.raises(ValidationError) as error:
        validate_doi(bad)
    assert bad in error.value.messages[0]


def test_empty_doi_is_allowed():
    validate_doi("")


@pytest.mark.parametrize(
    "doi, url",
    [
        ("10.1016/0006-8993(87)91338-2", "https://doi.org/10.1016/0006-8993(87)91338-2"),
        ("10.1111/j.1526-4637.2009.00613.x", "https://doi.org/10.1111/j.1526-4637.2009.00613.x"),
        ("10.1000/a#b?c%d e", "https://doi.org/10.1000/a%23b%3Fc%25d%20e"),
        ("10.1000/<tag>\"", "https://doi.org/10.1000/%3Ctag%3E%22"),
    ],
)
def test_doi_link_escapes_reserved_characters_and_keeps_the_rest(doi, url):
    assert doi_url(doi) == url
