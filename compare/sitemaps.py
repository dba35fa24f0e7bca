"""sitemap.xml entries for the side-by-side page, the conditions and each condition's page."""
from django.urls import reverse

from articles.sitemaps import Sitemap  # addresses start with SITE_URL

from .models import Condition


class CompareSitemap(Sitemap):
    """What the sources say, the list of conditions, and one page per condition."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["compare:sources", "compare:conditions", *Condition.objects.only("slug")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
