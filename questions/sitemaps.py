"""sitemap.xml entries for the common questions."""
from django.urls import reverse

from articles.sitemaps import Sitemap  # addresses start with SITE_URL

from .models import Question


class QuestionSitemap(Sitemap):
    """The list of questions and every published question, with when it last changed."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return ["questions:index", *Question.objects.published().only("slug", "updated")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated
