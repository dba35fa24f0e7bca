"""What waits on the clinic's editors: overdue reviews, drafts, pasted references not yet checked.

Each section is listed only for staff who may view its kind of entry.
"""
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, Status as ArticleStatus
from editing.schedule_rules import WHEN
from questions.models import Question, Status as QuestionStatus
from references.models import Reference

DATE = "j F Y"


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    detail: str


@dataclass
class Section:
    title: str
    when_empty: str
    items: list = field(default_factory=list)


def _change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def overdue_reviews(today):
    for article in Article.objects.overdue_for_review(today).order_by("next_review_due"):
        last = (
            f"last reviewed {date_format(article.last_reviewed, DATE)} by {article.reviewed_by}"
            if article.last_reviewed else "never reviewed"
        )
        yield Item(article.title, _change_url(article),
                   f"Review was due on {date_format(article.next_review_due, DATE)}; {last}.")


def _draft_detail(kind, entry):
    saved = f"{kind}, draft, last saved {date_format(timezone.localtime(entry.updated), DATE)}."
    if entry.publish_at:
        return f"{saved} To be published on {date_format(timezone.localtime(entry.publish_at), WHEN)} UTC."
    return saved


def drafts(user):
    if user.has_perm("articles.view_article"):
        for article in Article.objects.filter(status=ArticleStatus.DRAFT).order_by("-updated"):
            yield Item(article.title, _change_url(article), _draft_detail("Article", article))
    if user.has_perm("questions.view_question"):
        for question in Question.objects.filter(status=QuestionStatus.DRAFT).order_by("-updated"):
            yield Item(question.question, _change_url(question), _draft_detail("Common question", question))


def unchecked_references():
    for reference in Reference.objects.not_yet_checked().order_by("key"):
        yield Item(f"{reference.key}: {reference.title}", _change_url(reference), reference.verification)


def needs_attention(user, today=None):
    """The sections this person may see, each with its items (possibly none)."""
    today = today or timezone.localdate()
    sections = []
    if user.has_perm("articles.view_article"):
        sections.append(Section("Reviews overdue", "No article is overdue for its clinical review.", list(overdue_reviews(today))))
    if user.has_perm("articles.view_article") or user.has_perm("questions.view_question"):
        sections.append(Section("Drafts", "No drafts: everything is published.", list(drafts(user))))
    if user.has_perm("references.view_reference"):
        sections.append(Section(
            "Pasted references not yet checked",
            "Every reference filled in from a pasted entry has been checked against its source.",
            list(unchecked_references()),
        ))
    return sections
