"""The Atom feed of new and updated articles."""
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape
from django.utils.feedgenerator import Atom1Feed

from .metadata import absolute
from .models import Article

FEED_LENGTH = 20


class ArticlesFeed(Feed):
    """Published articles, the most recently changed first."""

    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME}: new and updated articles"
    subtitle = "Patient information about low-dose naltrexone (LDN), with every source shown."

    # Full addresses from SITE_URL: the syndication framework only adds the request's host to paths.
    def link(self):
        return absolute(reverse("home"))

    def feed_url(self):
        return absolute(reverse("feed"))

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def items(self):
        return Article.objects.published().order_by("-updated")[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Atom sends the summary as type="html" and readers render it: escape the plain text first,
        # so markup typed into a summary reaches a feed reader as text, never as HTML.
        return escape(article.summary)

    def item_author_name(self, article):
        return article.byline or None

    def item_pubdate(self, article):
        return article.created

    def item_updateddate(self, article):
        return article.updated
