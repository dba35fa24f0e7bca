"""Odd addresses, malformed query strings and bad hosts get a friendly 4xx page, never a 500."""
import pytest

ODD_PATHS = [
    "/no-such-page/",
    "/articles/",
    "/articles/" + "a" * 5000 + "/",
    "/articles/ñandú/",
    "/articles/%00/",
    "/%ff%fe%fd/",
    "/references/%E2%80%AE/",
    "/..%2f..%2fetc/passwd",
    "/articles/ldn-for-fibromyalgia/references.exe",
    "/references/younger2013/cite.pdf",
    "/robots.txt/extra",
    "/articles/<script>alert(1)</script>/",
]
ODD_QUERIES = [
    "?q=%zz&x=%",
    "?" + "&".join(f"f{i}=1" for i in range(3000)),
    "?a=" + "x" * 20000,
    "?%00=%00",
    "?utm=%E2%80%AE%ff",
]


@pytest.mark.parametrize("path", ODD_PATHS, ids=lambda p: p[:40])
def test_odd_address_gets_the_friendly_not_found_page(client, seeded, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html and "Go to the home page" in html
    assert "<script>alert" not in html


@pytest.mark.parametrize("query", ODD_QUERIES, ids=lambda q: q[:20])
@pytest.mark.parametrize("path", ["/", "/articles/ldn-for-fibromyalgia/", "/references/", "/feed/", "/sitemap.xml"])
def test_malformed_query_string_never_breaks_a_page(client, seeded, path, query):
    response = client.get(path + query)
    # Pages that read the query string (the sitemap's ?p=) refuse 3,000 fields with a friendly 400.
    if response.status_code == 400:
        assert "We could not read that address" in response.content.decode()
    else:
        assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_host_gets_the_friendly_bad_request_page(client, db):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "We could not read that address" in response.content.decode()


@pytest.mark.browser
def test_browser_sees_a_friendly_page_for_a_very_long_address(site, page):
    response = page.goto(site.url + "/articles/" + "x" * 3000 + "/?q=%zz")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
