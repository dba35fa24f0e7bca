"""Every public address of the site for the current content, and the bytes each one answers."""
import hashlib

from django.test import Client
from django.urls import reverse

from references.exports import FORMATS

SEARCHES = ["naltrexone", "dose", "fibromyalgia", "side effects", "microglia", "nothing-matches-this"]


def public_urls() -> list:
    """Home, every article and its downloads, references, glossary, comparisons, conditions, about, common questions, searches, feed, sitemap, robots."""
    from articles.models import Article
    from compare.models import Condition
    from questions.models import Question
    from references.models import Reference

    urls = [reverse("home"), reverse("references:list"), reverse("glossary:list"), reverse("compare:sources"),
            reverse("compare:conditions"), reverse("about"), reverse("feed-about"), reverse("feed"), reverse("sitemap"), reverse("robots")]
    urls += [reverse("references:list-export", args=[fmt]) for fmt in FORMATS]
    for article in Article.objects.published().order_by("slug"):
        urls.append(article.get_absolute_url())
        urls += [reverse("articles:references-export", args=[article.slug, fmt]) for fmt in FORMATS]
    for reference in Reference.objects.order_by("key"):
        urls.append(reference.get_absolute_url())
        urls += [reverse("references:export", args=[reference.key, fmt]) for fmt in FORMATS]
    urls += [condition.get_absolute_url() for condition in Condition.objects.order_by("slug")]
    urls += [reverse("questions:index")] + [q.get_absolute_url() for q in Question.objects.published().order_by("slug")]
    urls += [f"{reverse('search:search')}?q={query.replace(' ', '+')}" for query in SEARCHES]
    return urls


def html_page_urls() -> list:
    """The public addresses a patient opens in a browser: every page, no downloads, feed or sitemap."""
    machine_read = {reverse("feed"), reverse("sitemap"), reverse("robots")}
    return [url for url in public_urls() if url not in machine_read and not url.split("?")[0].endswith((".bib", ".ris", ".json"))]


def render_all(hashed=False) -> dict:
    """{url: (status, content type, body)} for every public URL through Django's test client; sha256 of the body if `hashed`."""
    client = Client()
    pages = {}
    for url in public_urls():
        response = client.get(url)
        body = hashlib.sha256(response.content).hexdigest() if hashed else response.content
        pages[url] = (response.status_code, response["Content-Type"], body)
    return pages
