"""The admin's bad-input rules that the foundation guarantees: clear errors, nothing lost."""
import pytest
from django.contrib.auth.models import User

from articles.models import Article
from references.models import Reference


@pytest.fixture
def admin_client(client, db):
    user = User.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def article_form(**overrides):
    data = {
        "title": "New article",
        "slug": "new-article",
        "status": "published",
        "order": "0",
        "summary": "A summary.",
        "body": "Text.",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_admin_save_renders_the_body_and_numbers_citations(admin_client, make_reference):
    make_reference(key="younger2013")
    response = admin_client.post("/admin/articles/article/add/", article_form(body="Claim.[@younger2013]"))
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="new-article")
    assert 'href="#ref-1"' in article.body_html
    assert article.citations.get().reference.key == "younger2013"


def test_admin_refuses_unknown_key_naming_it_and_keeps_the_text(admin_client, make_reference):
    make_reference(key="younger2013")
    body = "My careful paragraph.[@younger2031]"
    response = admin_client.post("/admin/articles/article/add/", article_form(body=body))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no reference with the key “@younger2031”" in html
    assert "Did you mean @younger2013" in html
    assert "My careful paragraph.[@younger2031]" in html  # nothing the editor typed is lost
    assert not Article.objects.filter(slug="new-article").exists()


def test_admin_refuses_empty_title(admin_client):
    response = admin_client.post("/admin/articles/article/add/", article_form(title=""))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()


def test_admin_reference_with_malformed_doi_names_the_value(admin_client):
    response = admin_client.post(
        "/admin/references/reference/add/",
        {"key": "x", "kind": "article-journal", "authors": "[]", "title": "T", "evidence_type": "trial", "doi": "10.12/oops"},
    )
    assert response.status_code == 200
    assert "“10.12/oops” is not a DOI" in response.content.decode()
    assert not Reference.objects.filter(key="x").exists()


def test_deleting_a_cited_reference_in_the_admin_is_refused_listing_the_articles(admin_client, make_reference, make_article):
    reference = make_reference(key="cited")
    make_article(body="Claim.[@cited]", title="The citing article")
    url = f"/admin/references/reference/{reference.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert "The citing article" in page
    response = admin_client.post(url, {"post": "yes"})
    assert Reference.objects.filter(pk=reference.pk).exists()
    assert response.status_code in (200, 403)
