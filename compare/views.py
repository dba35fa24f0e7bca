"""The side-by-side page and the condition pages."""
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from pagecache.cacheable import cacheable

from .models import Claim, Condition, Topic


def _published_claims():
    return Claim.objects.published().select_related("article").prefetch_related("references")


def _rows(topics, articles):
    """[(topic, [(article, [claims])])]: one cell per article for every topic, empty where it is silent."""
    rows = []
    for topic in topics:
        by_article = {}
        for claim in topic.published_claims:
            by_article.setdefault(claim.article_id, []).append(claim)
        rows.append((topic, [(article, by_article.get(article.pk, [])) for article in articles]))
    return rows


@cacheable
def sources(request):
    """Every topic with what each published article says about it, linked to the exact place."""
    articles = list(Article.objects.published().only("title", "slug", "order"))
    topics = Topic.objects.prefetch_related(Prefetch("claims", queryset=_published_claims(), to_attr="published_claims"))
    return render(request, "compare/sources.html", {"articles": articles, "rows": _rows(topics, articles)})


@cacheable
def condition_list(request):
    """Every condition the articles mention, each linking to its page."""
    return render(request, "compare/conditions.html", {"conditions": Condition.objects.all()})


@cacheable
def condition_detail(request, slug):
    """One condition: the articles that mention it and what the sources say about it, topic by topic."""
    condition = get_object_or_404(Condition, slug=slug)
    articles = condition.articles.published().only("title", "slug", "summary", "order")
    claims = _published_claims().filter(conditions=condition).select_related("topic")
    topics = {}
    for claim in claims.order_by("topic__order", "topic__title", "article__order", "order"):
        topics.setdefault(claim.topic, []).append(claim)
    return render(
        request,
        "compare/condition.html",
        {"condition": condition, "articles": articles, "topics": list(topics.items())},
    )
