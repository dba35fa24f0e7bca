"""Model rules: DOI normalisation and uniqueness, validation messages, protected references."""
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from articles.models import Article, Citation
from references.models import Reference


def test_doi_pasted_as_url_is_stored_bare(make_reference):
    reference = make_reference(doi="https://doi.org/10.1002/ART.37734")
    reference.refresh_from_db()
    assert reference.doi == "10.1002/ART.37734"
    assert reference.doi_url == "https://doi.org/10.1002/ART.37734"


def test_duplicate_doi_in_other_case_is_an_error_naming_the_existing_reference(make_reference):
    make_reference(key="younger2013", doi="10.1002/art.37734")
    with pytest.raises(ValidationError) as error:
        make_reference(key="copy", doi="doi:10.1002/ART.37734")
    assert "younger2013" in str(error.value.message_dict["doi"])


def test_database_refuses_duplicate_doi_ignoring_case(make_reference):
    make_reference(doi="10.1002/art.37734")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reference.objects.create(key="dup", title="t", evidence_type="trial", doi="10.1002/ART.37734")


def test_many_references_may_have_no_doi(make_reference):
    make_reference(doi="")
    make_reference(doi="")
    assert Reference.objects.filter(doi="").count() == 2


def test_malformed_doi_error_names_the_field_and_value(make_reference):
    with pytest.raises(ValidationError) as error:
        make_reference(doi="not-a-doi")
    assert "not-a-doi" in error.value.message_dict["doi"][0]


def test_authors_must_have_a_name(make_reference):
    with pytest.raises(ValidationError) as error:
        make_reference(authors=[{"given": "J"}])
    assert "Author 1" in error.value.message_dict["authors"][0]


def test_pmid_must_be_digits(make_reference):
    with pytest.raises(ValidationError) as error:
        make_reference(pmid="PMID19453963")
    assert "PMID19453963" in error.value.message_dict["pmid"][0]


def test_empty_title_is_an_error_naming_the_field(db):
    article = Article(title="", slug="x", summary="s", body="b")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "title" in error.value.message_dict


def test_unknown_citation_key_is_an_error_naming_it_and_suggesting_close_keys(make_reference):
    make_reference(key="younger2013")
    article = Article(title="T", slug="t", summary="s", body="Claim.[@younger2031]")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    message = error.value.message_dict["body"][0]
    assert "@younger2031" in message and "@younger2013" in message


def test_deleting_a_cited_reference_is_refused(make_reference, make_article):
    reference = make_reference(key="cited")
    make_article(body="Claim.[@cited]", title="The citing article")
    with pytest.raises(ProtectedError) as error:
        reference.delete()
    assert "The citing article" in str([str(obj) for obj in error.value.protected_objects])
    assert Reference.objects.filter(key="cited").exists()


def test_render_syncs_citation_rows_with_numbers_and_places(make_reference, make_article):
    make_reference(key="a")
    make_reference(key="b")
    article = make_article(body="One.[@b] Two.[@a] Three.[@b]")
    rows = list(article.citations.order_by("number").values_list("reference__key", "number"))
    assert rows == [("b", 1), ("a", 2)]
    assert [o["anchor"] for o in article.citations.get(number=1).occurrences] == ["cite-1-1", "cite-1-2"]


def test_rerender_after_edit_replaces_citations(make_reference, make_article):
    from articles.publishing import article_render

    make_reference(key="a")
    make_reference(key="b")
    article = make_article(body="One.[@a] Two.[@b]")
    article.body = "Only.[@b]"
    article.save()
    article_render(article=article)
    assert list(article.citations.values_list("reference__key", "number")) == [("b", 1)]
    assert "#ref-2" not in Article.objects.get(pk=article.pk).body_html


def test_render_with_unknown_key_writes_nothing(make_reference, make_article):
    from articles.publishing import article_render

    make_reference(key="a")
    article = make_article(body="One.[@a]")
    before = Article.objects.get(pk=article.pk).body_html
    article.body = "One.[@zzz]"
    with pytest.raises(ValidationError):
        article_render(article=article)
    assert Article.objects.get(pk=article.pk).body_html == before
    assert Citation.objects.filter(article=article).count() == 1


def test_references_app_shows_cited_in_through_the_reverse_relation(make_reference, make_article):
    reference = make_reference(key="a")
    article = make_article(body="One.[@a]")
    assert [c.article for c in reference.citations.all()] == [article]


def test_published_queryset_hides_drafts(make_article):
    make_article(status="draft", slug="draft")
    make_article(status="published", slug="live")
    assert [a.slug for a in Article.objects.published()] == ["live"]


def test_key_shown_as_code_is_not_checked(db):
    article = Article(title="T", slug="t", summary="s", body="To cite, write `[@key]` in the text.")
    article.full_clean()
