"""The list of common questions and one page per question."""
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from about.models import SiteSettings
from articles.models import Article
from compare.models import Claim
from pagecache.cacheable import cacheable

from .models import Kind, Question


@cacheable
def index(request):
    """Every published question, each linking to its answer."""
    return render(request, "questions/index.html", {"questions": Question.objects.published().only("question", "slug")})


def _visible_blocks(question):
    """The question's answer parts the public may read: a claim only while its article is published."""
    return list(
        question.blocks.filter(Q(claim__isnull=True) | Q(claim__in=Claim.objects.published()))
        .select_related("claim__article")
        .defer("claim__article__body", "claim__article__body_html", "claim__article__headings")
        .prefetch_related("claim__references", "references")
    )


@cacheable
def detail(request, slug):
    """One question and its answer: claims with their article's name, the editors' words with their sources."""
    # Staff who may see questions read drafts too; their pages are never cached (they carry a session).
    shown = Question.objects.all() if request.user.has_perm("questions.view_question") else Question.objects.published()
    question = get_object_or_404(shown, slug=slug)
    blocks = _visible_blocks(question)
    context = {"question": question, "blocks": blocks}
    if any(block.kind == Kind.AUTHORSHIP for block in blocks):
        context["articles"] = Article.objects.published().only(
            "title", "slug", "order", "author", "author_credentials", "publisher", "source_url"
        )
        context["site_settings"] = SiteSettings.load()
    return render(request, "questions/detail.html", context)
