"""sitemap.xml entries for the public pages."""
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from references.models import Reference

from .models import Article


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
    """The home page, the list of references and the About page."""

    changefreq = "weekly"

    def items(self):
        return ["home", "references:list", "about"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap, "references": ReferenceSitemap}
