"""The About page: who runs the site (from the admin, never invented), how it checks, and that what it says is true."""
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags
from reversion.models import Version

from about.models import SiteSettings
from articles.models import Article
from core.reading_report import TARGET_GRADE, text_grade
from references.models import EvidenceType, Reference
from tests.admin_forms import change_form
from tests.public_pages import html_page_urls


def main_text(html):
    return re.search(r'<main id="main"[^>]*>(.*)</main>', html, re.S).group(1)


@pytest.fixture
def superuser_client(client, db):
    client.force_login(User.objects.create_superuser("boss", "boss@example.org", "pw"))
    return client


def test_until_staff_fill_it_in_the_page_says_plainly_who_is_not_named(client, seeded):
    html = client.get("/about/").content.decode()
    assert "Not given yet. The people who run this site have not yet filled in who publishes it." in html
    assert "No one has been named yet." in html
    assert "Who pays for this site</dt>\n    <dd>Not stated yet." in html
    assert "No address for reporting mistakes has been given yet." in html
    assert "mailto:" not in html


def test_what_staff_fill_in_the_admin_is_shown_and_kept_in_the_history(superuser_client, seeded):
    add = superuser_client.get("/admin/about/sitesettings/")
    assert add.status_code == 302 and add["Location"].endswith("/admin/about/sitesettings/add/")
    response = superuser_client.post("/admin/about/sitesettings/add/", {
        "publisher": "Riverside Clinic", "publisher_url": "https://riverside.example.org/",
        "clinical_lead": "Dr Amina Shah", "clinical_lead_role": "GP",
        "funding": "Riverside Clinic pays for this site.", "contact_email": "editors@riverside.example.org",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    html = superuser_client.get("/about/").content.decode()
    assert '<a href="https://riverside.example.org/">Riverside Clinic</a>' in html
    assert "Dr Amina Shah, GP" in html and "Riverside Clinic pays for this site." in html
    assert 'href="mailto:editors@riverside.example.org"' in html
    assert "Not given yet" not in html and "No one has been named yet" not in html
    settings_row = SiteSettings.load()
    assert Version.objects.get_for_object(settings_row).count() == 1
    # One row only: the list opens it, nobody adds a second or deletes it.
    assert superuser_client.get("/admin/about/sitesettings/")["Location"].endswith("/admin/about/sitesettings/1/change/")
    assert superuser_client.get("/admin/about/sitesettings/add/").status_code == 403
    assert superuser_client.get("/admin/about/sitesettings/1/delete/").status_code == 403


def test_an_edit_of_the_settings_shows_on_the_next_request(superuser_client, seeded, django_assert_num_queries):
    reader = Client()
    SiteSettings.objects.create(publisher="First name")
    assert "First name" in reader.get("/about/").content.decode()
    with django_assert_num_queries(0):  # served from the page cache
        assert "First name" in reader.get("/about/").content.decode()
    url = "/admin/about/sitesettings/1/change/"
    assert superuser_client.post(url, {**change_form(superuser_client, url), "publisher": "Second name"}).status_code == 302
    assert "Second name" in reader.get("/about/").content.decode()


def test_every_page_links_to_the_about_page_from_its_footer(client, seeded):
    for url in html_page_urls():
        footer = re.search(r'<footer class="site-footer">.*</footer>', client.get(url).content.decode(), re.S)
        assert footer and 'href="/about/"' in footer.group(0), url


def test_each_article_links_to_it_from_its_attribution_block(client, seeded):
    for article in Article.objects.published():
        html = client.get(article.get_absolute_url()).content.decode()
        attribution = re.search(r'<dl class="attribution">.*?</dl>', html, re.S).group(0)
        assert '<a href="/about/">About this site and how we check it</a>' in attribution, article.slug


def test_the_page_is_in_plain_words(client, seeded):
    text = strip_tags(main_text(client.get("/about/").content.decode())).replace("\xa0", " ")
    grade = text_grade(" ".join(text.split()))
    assert grade <= TARGET_GRADE, grade


def test_every_evidence_type_patients_see_is_explained(client, seeded):
    html = client.get("/about/").content.decode()
    for _, label in EvidenceType.choices:
        assert f"<dt>{label}</dt>" in html


def test_review_status_of_each_article_is_listed_and_an_overdue_review_said_plainly(client, seeded):
    article = Article.objects.published().order_by("slug").first()
    today = timezone.localdate()
    Article.objects.filter(pk=article.pk).update(
        last_reviewed=today - timedelta(days=400), reviewed_by="Dr Amina Shah", next_review_due=today - timedelta(days=35)
    )
    html = client.get("/about/").content.decode()
    item = re.search(rf'<li><a href="{article.get_absolute_url()}">.*?</li>', html, re.S).group(0)
    assert "by Dr Amina Shah" in item and "This review is overdue." in item
    others = Article.objects.published().exclude(pk=article.pk)
    for other in others:
        assert re.search(rf'<li><a href="{other.get_absolute_url()}">[^<]*</a>: no clinician has reviewed it for this site yet.</li>', html)


def test_what_the_page_promises_the_site_does(seeded, superuser_client):
    """Each check the page describes is there: ed. marks, reference checks, DOI links, kept versions, no adverts."""
    client = Client()
    html = client.get("/about/").content.decode()
    assert "We mark it “ed.” next to its number" in html
    marked = [a for a in Article.objects.published() if "[ed. " in a.body_html or ", ed. " in a.body_html]
    assert marked, "the page promises ed. marks and no article has one"
    for reference in Reference.objects.all():
        page = client.get(reference.get_absolute_url()).content.decode()
        assert "What this site's editors checked" in page, reference.key
        if reference.doi:
            assert f'href="https://doi.org/{reference.doi}"' in page, reference.key
    # Saving keeps the version before: the history holds one per save.
    term_url = "/admin/references/reference/{}/change/".format(Reference.objects.get(key="younger2013").pk)
    before = Version.objects.get_for_object(Reference.objects.get(key="younger2013")).count()
    for title in ["First title", "Second title"]:
        assert superuser_client.post(term_url, {**change_form(superuser_client, term_url), "title": title}).status_code == 302
    versions = Version.objects.get_for_object(Reference.objects.get(key="younger2013"))
    assert versions.count() == before + 2 and versions.filter(serialized_data__contains="First title").exists()
    # The clinic's advert at the end of the fibromyalgia post is not on its page.
    assert "970-227-0526" not in client.get("/articles/ldn-for-fibromyalgia/").content.decode()
