"""Public pages: the home page and one page per published article."""
from django.shortcuts import get_object_or_404, render

from .models import Article


def home(request):
    """What LDN is, the safety warning, and the published articles with their summaries."""
    articles = Article.objects.published().only("title", "slug", "summary", "author", "publisher")
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, slug):
    """A published article: attribution, body with citations, and its numbered bibliography."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    citations = article.citations.select_related("reference").order_by("number")
    return render(request, "articles/detail.html", {"article": article, "citations": citations})
