"""Hostile content is harmless: every vector, stored in every field, parsed as a browser parses the pages."""
import functools
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from compare.models import Claim, Condition, Topic
from glossary.models import Term
from references.models import Reference
from tests.hostile_content import MARKER, filled_fields, outside_allowlist, page_problems, store_everywhere
from tests.xss_vectors import ALL, OTHER_ORIGIN, VECTORS

PUBLIC_PAGES = [
    "/",
    "/articles/hostile/",
    "/references/",
    "/references/hostile0/",
    "/references/hostile1/",
    "/references/hostile2/",
    "/references/hostile3/",
    "/references/hostile4/",
    "/glossary/",
    "/what-the-sources-say/",
    "/conditions/",
    "/conditions/hostile/",
    f"/search/?q={MARKER}",
]
DOWNLOADS = ["/references/all.bib", "/references/all.ris", "/references/all.json", "/articles/hostile/references.json"]


def admin_pages(stored):
    article, reference = stored["article"], stored["references"][0]
    versions = Version.objects.get_for_object(article)
    return [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk, versions.last().pk]),
        reverse("admin:references_reference_changelist"),
        reverse("admin:references_reference_change", args=[reference.pk]),
        reverse("admin:glossary_term_changelist"),
        reverse("admin:glossary_term_change", args=[stored["term"].pk]),
        reverse("admin:compare_topic_change", args=[stored["topic"].pk]),
        reverse("admin:compare_claim_changelist"),
        reverse("admin:compare_claim_change", args=[stored["claim"].pk]),
        reverse("admin:compare_condition_change", args=[stored["condition"].pk]),
        reverse("admin:auth_user_change", args=[stored["user"].pk]),
    ]


def test_the_corpus_covers_every_kind_of_vector_the_issue_names():
    names = " ".join(name for name, _ in ALL)
    for kind in ["script", "onerror", "javascript", "data", "svg", "iframe", "form", "meta-refresh", "entities", "mxss", "md-reference", "md-autolink", "jsonld", "breakout"]:
        assert kind in names
    assert len({name for name, _ in ALL}) == len(ALL) >= 80


def test_every_text_field_staff_type_into_is_filled():
    # The fields come from the models; this pins that none slips out of the check unnoticed.
    assert {"title", "summary", "author", "author_credentials", "publisher", "publisher_url", "source_url",
            "body", "key_points", "reviewed_by", "reviewer_credentials"} <= set(filled_fields(Article))
    assert {"title", "container_title", "publisher", "volume", "issue", "pages", "doi", "pmid", "url",
            "verification"} <= set(filled_fields(Reference))
    assert {"name", "synonyms", "definition"} <= set(filled_fields(Term))
    assert {"name", "summary"} <= set(filled_fields(Condition))
    assert {"title", "differences"} <= set(filled_fields(Topic))
    assert {"statement"} <= set(filled_fields(Claim))


@pytest.mark.parametrize("vector", [v for _, v in ALL], ids=[n for n, _ in ALL])
def test_stored_body_holds_only_what_the_allowlist_permits(db, vector):
    stored = store_everywhere(vector)
    assert MARKER in stored["article"].body_html  # it really was rendered and stored
    assert outside_allowlist(stored["article"].body_html) == []
    for reference in stored["references"]:
        assert page_problems(str(reference.formatted), fragment=True) == []


@pytest.mark.parametrize("vector", [v for _, v in VECTORS], ids=[n for n, _ in VECTORS])
def test_no_vector_in_any_field_can_run_on_a_public_page(client, db, vector):
    store_everywhere(vector)
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert page_problems(response.content.decode()) == [], url
    searched = client.get("/search/", {"q": vector})
    assert page_problems(searched.content.decode()) == []
    for url in DOWNLOADS:
        response = client.get(url)
        assert response.status_code == 200
        assert "html" not in response["Content-Type"] and response["Content-Disposition"].startswith("attachment")
    for url in ["/feed/", "/sitemap.xml"]:
        root = ET.fromstring(client.get(url).content)  # well-formed: nothing broke out of its element
        assert not [el for el in root.iter() if "xhtml" in el.tag or el.tag.endswith("script")], url
        # A feed reader renders type="html" elements as HTML.
        for element in root.iter():
            if element.get("type") == "html":
                assert page_problems(element.text or "", fragment=True) == [], element.tag


@functools.cache
def admin_chrome_problems():
    """What the admin's own chrome holds that page_problems reports (its theme-toggle icons are inline SVG),
    on every admin page: read once, from the index page of a staff member with a plain name, so a
    hostile name in the header is never counted as chrome."""
    from django.contrib.auth.models import User
    from django.test import Client

    plain = Client()
    plain.force_login(User.objects.create_superuser("plain-chrome", "chrome@example.org", "pw", first_name="Plain"))
    chrome = Counter(page_problems(plain.get(reverse("admin:index")).content.decode()))
    User.objects.filter(username="plain-chrome").delete()
    return chrome


@pytest.mark.parametrize("vector", [v for _, v in VECTORS], ids=[n for n, _ in VECTORS])
def test_no_vector_in_any_field_can_run_in_the_admin_or_its_previews(client, db, vector):
    chrome = admin_chrome_problems()
    stored = store_everywhere(vector)
    client.force_login(stored["user"])
    for url in admin_pages(stored):
        response = client.get(url)
        assert response.status_code == 200, url
        assert Counter(page_problems(response.content.decode())) - chrome == Counter(), url
    preview = client.post("/markdownx/markdownify/", {"content": stored["article"].body})
    assert preview.status_code == 200
    assert page_problems(preview.content.decode(), fragment=True) == []


@pytest.mark.parametrize("vector", [v for _, v in OTHER_ORIGIN], ids=[n for n, _ in OTHER_ORIGIN])
def test_an_image_from_another_site_is_never_loaded_and_the_editor_is_told(editor_client, db, vector):
    stored = store_everywhere(vector)
    assert "<img" in stored["article"].body_html and "src=" not in stored["article"].body_html
    from articles.body import body_errors

    assert any("Image 1 is not stored on this site" in error for error in body_errors(vector))
