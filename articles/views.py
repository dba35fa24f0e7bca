"""Public pages: the home page, one page per published article, and its bibliography as a download."""
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from pagecache.cacheable import cacheable
from references.exports import FORMATS
from references.views import export_response

from .feeds import FEED_LENGTH
from .metadata import absolute, medical_webpage
from .models import Article
from .publishing import stored_bibliography


@cacheable
def home(request):
    """What LDN is, the safety warning, and the published articles with their summaries."""
    articles = Article.objects.published().only(
        "title", "slug", "summary", "author", "publisher", "word_count"
    )
    return render(request, "articles/home.html", {"articles": articles})


@cacheable
def article_detail(request, slug):
    """A published article: attribution, key points, contents, body with citations, bibliography."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    citations = list(article.citations.select_related("reference").order_by("number"))
    stored_bibliography(article, citations)
    structured_data = medical_webpage(
        article=article,
        citations=citations,
        page_url=absolute(article.get_absolute_url()),
        site_name=settings.SITE_NAME,
        site_url=absolute(reverse("home")),
    )
    return render(
        request,
        "articles/detail.html",
        {
            "article": article,
            "citations": citations,
            "structured_data": structured_data,
            "export_formats": FORMATS,
        },
    )


def feed_about(request):
    """What the Atom feed is, in words, with the same recent articles as links (the footer's "Updates")."""
    articles = Article.objects.published().order_by("-updated").only("title", "slug", "summary", "updated")[:FEED_LENGTH]
    return render(request, "articles/feed_about.html", {"articles": articles})


@cacheable
def article_references_export(request, slug, fmt):
    """A published article's bibliography, in citation order, as BibTeX, RIS or CSL-JSON."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    citations = article.citations.select_related("reference").order_by("number")
    return export_response([c.reference for c in citations], fmt, f"{article.slug}-references")
