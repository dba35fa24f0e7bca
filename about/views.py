"""The About page: who runs the site, how it chooses and checks its sources, what its labels mean."""
from django.shortcuts import render

from articles.models import Article
from pagecache.cacheable import cacheable
from references.models import EvidenceType

from .models import SiteSettings

# The site's own plain words for each evidence type patients see next to a reference.
EVIDENCE_MEANINGS = {
    EvidenceType.TRIAL: "A study that tested a treatment in people.",
    EvidenceType.REVIEW: "An article that sums up other studies. It is only as good as the studies it sums up.",
    EvidenceType.ANIMAL: "A study in animals. What happens in animals does not always happen in people.",
    EvidenceType.HYPOTHESIS: "An idea put forward to be tested. It is not proof.",
    EvidenceType.REFERENCE: "An entry in a reference book for health workers.",
    EvidenceType.WEB_PAGE: "A page on a web site, such as a page from a health agency.",
}


@cacheable
def about(request):
    """The publisher, the clinical lead, how sources are checked, the labels, corrections and reviews."""
    articles = Article.objects.published().only(
        "title", "slug", "order", "last_reviewed", "reviewed_by", "reviewer_credentials", "next_review_due"
    )
    evidence = [(label, EVIDENCE_MEANINGS[value]) for value, label in EvidenceType.choices]
    return render(
        request,
        "about/about.html",
        {"site_settings": SiteSettings.load(), "articles": articles, "evidence_types": evidence},
    )
