"""What search engines, feed readers and link previews read: JSON-LD, meta tags, sitemap, robots, feed."""
import json
import re
import xml.etree.ElementTree as ET

import pytest

HOSTILE = "</script><script>alert(1)</script>"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def structured_data(response):
    blocks = LD_JSON.findall(response.content.decode())
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.django_db
def test_article_is_described_as_a_medical_web_page_with_its_citations(client, seeded):
    data = structured_data(client.get("/articles/ldn-for-fibromyalgia/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
    assert data["url"] == "http://testserver/articles/ldn-for-fibromyalgia/"
    assert data["name"] == "Low-Dose Naltrexone for Fibromyalgia"
    assert data["author"] == {"@type": "Person", "name": "Siegfried Emme", "honorificSuffix": "FNP"}
    assert data["publisher"]["name"] == "LDN Explained"
    assert data["isBasedOn"]["publisher"]["name"] == "Loveland Medical Clinic"
    assert "dateModified" in data
    assert [c["identifier"]["value"] for c in data["citation"] if "identifier" in c] == [
        "10.1002/art.37734",  # first cited in the editors' note on "has been found to be effective"
        "10.1111/j.1526-4637.2009.00613.x",
    ]


@pytest.mark.django_db
def test_structured_data_states_no_unknown_author_date_or_review(client, seeded):
    data = structured_data(client.get("/articles/naltrexone-for-analgesia/"))
    for unknown in ("author", "datePublished", "lastReviewed", "reviewedBy"):
        assert unknown not in data
    assert structured_data(client.get("/articles/ldn-invisible-pain/"))["datePublished"] == "2023-04-06"


@pytest.mark.django_db
def test_hostile_title_stays_data_inside_the_json_ld(client, make_article):
    article = make_article(title=HOSTILE, summary="Summary & <b>bold</b>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert HOSTILE not in html
    assert html.count("<script") == 2  # our script file and the JSON-LD block, nothing injected
    data = structured_data(client.get(article.get_absolute_url()))
    assert data["name"] == HOSTILE and data["description"] == "Summary & <b>bold</b>"


@pytest.mark.browser
def test_hostile_title_runs_no_script_in_the_browser(site, make_article, page):
    article = make_article(title=HOSTILE)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site.url + article.get_absolute_url())
    assert page.locator("h1").inner_text() == HOSTILE
    parsed = page.evaluate("() => JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').text)")
    assert parsed["name"] == HOSTILE
    assert dialogs == []


@pytest.mark.django_db
def test_article_has_description_open_graph_and_a_canonical_address_without_query(client, seeded):
    html = client.get("/articles/ldn-for-fibromyalgia/?utm_source=x&ref=y").content.decode()
    assert '<link rel="canonical" href="http://testserver/articles/ldn-for-fibromyalgia/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Low-Dose Naltrexone for Fibromyalgia">' in html
    assert '<meta name="description" content="This clinic’s post says' in html
    assert '<meta property="og:description" content="This clinic’s post says' in html
    assert 'type="application/atom+xml"' in html


@pytest.mark.django_db
def test_error_page_is_not_indexed_and_claims_no_canonical_address(client, db):
    html = client.get("/no-such-page/").content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


@pytest.mark.django_db
def test_sitemap_lists_published_articles_and_references_but_no_drafts(client, seeded, make_article):
    draft = make_article(status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    assert {"http://testserver/", "http://testserver/references/", "http://testserver/about/"} <= set(urls)
    assert urls["http://testserver/articles/ldn-for-fibromyalgia/"]  # has a lastmod
    assert "http://testserver/references/younger2013/" in urls
    assert f"http://testserver{draft.get_absolute_url()}" not in urls
    # Home, references, glossary, about, the feed's page; 3 articles; 15 references; side by side, conditions
    # and 6 condition pages; the questions and each question.
    assert len(urls) == 5 + 3 + 15 + 2 + 6 + 1 + 7


@pytest.mark.django_db
def test_sitemap_lists_every_public_page_a_patient_opens(client, seeded):
    from .public_pages import html_page_urls

    root = ET.fromstring(client.get("/sitemap.xml").content)
    listed = {u.findtext(f"{SITEMAP}loc").removeprefix("http://testserver") for u in root.iter(f"{SITEMAP}url")}
    pages = {url for url in html_page_urls() if not url.startswith("/search/")}  # results of a search are not pages
    assert len(pages) >= 25
    assert pages - listed == set()


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
def test_atom_feed_lists_published_articles_most_recently_updated_first(client, seeded, make_article):
    from articles.models import Article
    from articles.publishing import article_render

    make_article(status="draft", title="Secret draft")
    changed = Article.objects.get(slug="naltrexone-for-analgesia")
    changed.summary = "An updated summary."
    changed.save()
    article_render(article=changed)

    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "Naltrexone for Analgesia" and len(titles) == 3
    assert "Secret draft" not in titles
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == "http://testserver/articles/naltrexone-for-analgesia/"
    assert first.findtext(f"{ATOM}summary") == "An updated summary."
    assert first.findtext(f"{ATOM}updated") and first.findtext(f"{ATOM}published")
