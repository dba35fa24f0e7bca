"""Public pages: what a patient sees, and what the public must never see."""
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from articles.models import Article


def test_home_lists_published_articles_with_summaries_and_the_safety_note(client, seeded):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for article in Article.objects.published():
        assert article.get_absolute_url() in html
        assert article.summary[:40] in html
    assert "LDN and opioid medicines: ask your doctor first" in html
    assert reverse("references:list") in html


def test_article_page_has_title_attribution_dates_body_references_and_disclaimer(client, seeded):
    html = client.get("/articles/ldn-for-fibromyalgia/").content.decode()
    assert "<h1>Low-Dose Naltrexone for Fibromyalgia</h1>" in html
    assert "Siegfried Emme, FNP" in html and "Loveland Medical Clinic" in html
    assert "The original has no title; this one is by this site's editors." in html
    assert 'id="references-heading"' in html
    assert "This is not medical advice" in html
    assert html.count("<h1") == 1


def test_article_page_shows_the_original_publication_date(client, seeded):
    html = client.get("/articles/ldn-invisible-pain/").content.decode()
    assert '<time datetime="2023-04-06">6 April 2023</time>' in html


def test_bibliography_entry_links_back_to_every_place_it_is_cited(client, seeded):
    html = client.get("/articles/naltrexone-for-analgesia/").content.decode()
    entry = re.search(r'<li id="ref-3" value="3">(.*?)</li>', html, re.S).group(1)
    # younger2014 is cited twice in the analgesia article: back-links a and b.
    assert 'href="#cite-3-1"' in entry and 'href="#cite-3-2"' in entry
    assert ">a</a>" in entry and ">b</a>" in entry
    assert 'id="cite-3-1"' in html and 'id="cite-3-2"' in html


def test_bibliography_shows_doi_links_and_evidence_type(client, seeded):
    html = client.get("/articles/naltrexone-for-analgesia/").content.decode()
    assert '<a href="https://doi.org/10.1016/0006-8993(87)91338-2">doi:10.1016/0006-8993(87)91338-2</a>' in html
    entry = re.search(r'<li id="ref-9" value="9">(.*?)</li>', html, re.S).group(1)
    assert "An animal study" in entry


def test_citations_added_by_editors_are_labelled_in_the_bibliography(client, seeded):
    html = client.get("/articles/ldn-for-fibromyalgia/").content.decode()
    entry = re.search(r'<li id="ref-1" value="1">(.*?)</li>', html, re.S).group(1)
    assert "Citation added by this site" in entry


def test_references_page_lists_each_reference_once_with_evidence_and_cited_in(client, seeded):
    html = client.get("/references/").content.decode()
    for key in ["younger2013", "younger2009", "kayser1987", "samhsa-naltrexone"]:
        assert html.count(f'<li id="{key}">') == 1
    entry = re.search(r'<li id="younger2013">(.*?)</li>', html, re.S).group(1)
    assert "A clinical trial in people" in entry
    assert "/articles/naltrexone-for-analgesia/#ref-6" in entry
    assert "/articles/ldn-for-fibromyalgia/#ref-" in entry
    kayser = re.search(r'<li id="kayser1987">(.*?)</li>', html, re.S).group(1)
    assert "An animal study" in kayser
    hypothesis = re.search(r'<li id="brown2009">(.*?)</li>', html, re.S).group(1)
    assert "A hypothesis" in hypothesis


def test_reference_page_shows_details_and_what_editors_checked(client, seeded):
    html = client.get("/references/younger2009/").content.decode()
    assert "https://doi.org/10.1111/j.1526-4637.2009.00613.x" in html
    assert "19453963" in html
    assert "What this site" in html


def test_draft_is_hidden_from_the_public_everywhere(client, make_reference, make_article):
    make_reference(key="secret-ref")
    make_article(status="draft", slug="secret", title="Secret draft", body="Claim.[@secret-ref]")
    assert client.get("/articles/secret/").status_code == 404
    assert "Secret draft" not in client.get("/").content.decode()
    assert "Secret draft" not in client.get("/references/").content.decode()
    assert "Secret draft" not in client.get("/references/secret-ref/").content.decode()


@pytest.mark.parametrize(
    "url", ["/nope/", "/articles/nope/", "/references/nope/", "/articles/%E2%80%8B/", "/articles/" + "a" * 3000 + "/"]
)
def test_unknown_pages_get_a_friendly_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_friendly_500_page_needs_no_database(client):
    from ldn_site.errors import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.parametrize("endpoint", ["/markdownx/markdownify/", "/markdownx/upload/"])
def test_editor_endpoints_refuse_anonymous_visitors(client, db, endpoint):
    response = client.post(endpoint, {"content": "<script>x</script>"})
    assert response.status_code in (302, 403)
    assert "<script" not in response.content.decode()


@pytest.mark.parametrize("endpoint", ["/markdownx/markdownify/", "/markdownx/upload/"])
def test_editor_endpoints_refuse_staff_without_edit_permission(client, db, endpoint):
    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(user)
    assert client.post(endpoint, {"content": "x"}).status_code == 403


def test_editor_preview_is_the_sanitised_page_with_numbered_citations(client, make_reference):
    make_reference(key="younger2013", title="Low-dose naltrexone trial")
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    client.force_login(user)
    response = client.post(
        "/markdownx/markdownify/",
        {"content": "Claim.[@younger2013] Bad.[@younger2031] <script>alert(1)</script>"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#ref-1"' in html and 'id="ref-1"' in html
    assert "Low-dose naltrexone trial" in html
    assert "@younger2031" in html and "Did you mean @younger2013" in html
    assert "<script" not in html


@pytest.mark.parametrize("path", ["/", "/articles/naltrexone-for-analgesia/", "/references/", "/glossary/", "/search/?q=pain"])
def test_every_page_leads_to_the_side_by_side_and_condition_pages(client, seeded, path):
    footer = client.get(path).content.decode().split('<footer class="site-footer">')[1]
    assert f'href="{reverse("compare:sources")}"' in footer
    assert f'href="{reverse("compare:conditions")}"' in footer
