"""sitemap.xml entries for the public pages."""
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from references.models import Reference

from .models import Article


class Sitemap(DjangoSitemap):
    """A sitemap whose addresses start with SITE_URL; Django's would take the request's host."""

    def get_urls(self, page=1, site=None, protocol=None):
        address = urlsplit(settings.SITE_URL)
        return super().get_urls(page, site=_Site(address.netloc), protocol=address.scheme)


class _Site:
    def __init__(self, domain):
        self.domain = domain


class ArticleSitemap(Sitemap):
    """Every published article, with when it last changed."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated")

    def lastmod(self, article):
        return article.updated


class ReferenceSitemap(Sitemap):
    """Every reference page."""

    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return Reference.objects.only("key")


class PageSitemap(Sitemap):
    """The home page, the list of references, the glossary, the About page and the page about the feed."""

    changefreq = "weekly"

    def items(self):
        return ["home", "references:list", "glossary:list", "about", "feed-about"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "references": ReferenceSitemap}
