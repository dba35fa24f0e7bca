"""Absolute addresses come from SITE_URL, never the request's Host (issue 14)."""
import json
import re

import pytest

SITE = "https://ldn.example.org"
ODD_HOST = "127.0.0.1:6666"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    return SITE


def test_every_absolute_address_uses_site_url_whatever_the_host(client, seeded, site_url):
    from articles.models import Article

    article = Article.objects.published().first()
    page = client.get(article.get_absolute_url(), HTTP_HOST=ODD_HOST).content.decode()
    assert f'<link rel="canonical" href="{SITE}{article.get_absolute_url()}">' in page
    assert f'<meta property="og:url" content="{SITE}{article.get_absolute_url()}">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["url"] == f"{SITE}{article.get_absolute_url()}" and data["publisher"]["url"] == f"{SITE}/"
    for url in ["/feed/", "/sitemap.xml", "/robots.txt", article.get_absolute_url()]:
        body = client.get(url, HTTP_HOST=ODD_HOST).content.decode()
        assert "6666" not in body, url
        assert SITE in body, url
    assert f"<loc>{SITE}{article.get_absolute_url()}</loc>" in client.get("/sitemap.xml", HTTP_HOST=ODD_HOST).content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in client.get("/robots.txt", HTTP_HOST=ODD_HOST).content.decode()


def test_one_page_cache_entry_whatever_port_the_host_carries(client, seeded, site_url, settings):
    from pagecache.middleware import cache_key
    from django.test import RequestFactory

    settings.DEBUG = False
    keys = {cache_key(RequestFactory().get("/", HTTP_HOST=host)) for host in ["127.0.0.1", ODD_HOST, "testserver"]}
    assert len(keys) == 1


def test_a_host_not_allowed_is_still_refused(client, seeded, site_url):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


@pytest.mark.parametrize("environ,expected", [
    ({"DJANGO_ENV": "production", "DJANGO_ALLOWED_HOSTS": "ldn.example.org,www.ldn.example.org"}, "https://ldn.example.org"),
    ({"DJANGO_ENV": "production", "DJANGO_ALLOWED_HOSTS": "ldn.example.org", "SITE_URL": "https://www.ldn.example.org/"}, "https://www.ldn.example.org"),
    ({}, "http://127.0.0.1:8000"),
    ({"PORT": "8001"}, "http://127.0.0.1:8001"),
])
def test_site_url_defaults(environ, expected):
    from ldn_site.environment import site_url

    assert site_url(environ) == expected
