"""Carry out publish-at / withdraw-at schedules: the same saves the admin makes, recorded in History.

Each entry is locked, checked again and its time cleared in one transaction, so two runs at once
(or a run repeated) act on it once. Saving goes through the models' usual write path: post_save
starts a new page-cache generation, and an article is rendered again, which re-indexes search.
"""
from dataclasses import dataclass

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, Status as ArticleStatus
from articles.publishing import article_render
from editing.schedule_rules import WHEN
from questions.models import Question, Status as QuestionStatus
from questions.validation import question_problems


@dataclass(frozen=True)
class Done:
    kind: str
    name: str
    action: str  # "published", "withdrawn" or "not published: <why>"


def _when(moment):
    return date_format(timezone.localtime(moment), WHEN)


def _article_written(article):
    article_render(article=article)


def _question_problems(question):
    return question_problems(question=question.question, status=QuestionStatus.PUBLISHED, block_count=question.blocks.count())


KINDS = [
    # model, its name for people, published value, draft value, after saving, what stops publishing
    (Article, "article", ArticleStatus.PUBLISHED, ArticleStatus.DRAFT, _article_written, lambda article: []),
    (Question, "common question", QuestionStatus.PUBLISHED, QuestionStatus.DRAFT, lambda question: None, _question_problems),
]


def _save(entry, comment, after):
    with reversion.create_revision():
        entry.save()
        reversion.set_comment(comment)
    after(entry)


def _publish(model, kind, published, draft, after, problems, pk, now):
    with transaction.atomic():
        entry = model.objects.select_for_update().filter(pk=pk, status=draft, publish_at__lte=now).first()
        if entry is None:  # another run got there first
            return None
        scheduled = entry.publish_at
        if entry.withdraw_at and entry.withdraw_at <= now:
            entry.publish_at = entry.withdraw_at = None
            _save(entry, f"Not published: its publishing ({_when(scheduled)}) and withdrawal times had both passed.", after)
            return Done(kind, str(entry), "not published: its withdrawal time had passed too")
        found = problems(entry)
        if found:
            return Done(kind, str(entry), "not published: " + " ".join(found))
        entry.status, entry.publish_at = published, None
        _save(entry, f"Published as scheduled for {_when(scheduled)}.", after)
        return Done(kind, str(entry), "published")


def _withdraw(model, kind, published, draft, after, pk, now):
    with transaction.atomic():
        entry = model.objects.select_for_update().filter(pk=pk, status=published, withdraw_at__lte=now).first()
        if entry is None:
            return None
        scheduled = entry.withdraw_at
        entry.status, entry.withdraw_at = draft, None
        _save(entry, f"Withdrawn (made a draft) as scheduled for {_when(scheduled)}.", after)
        return Done(kind, str(entry), "withdrawn")


def publish_scheduled(*, now=None) -> list:
    """Publish every draft whose time has come and withdraw every published entry whose time has come."""
    now = now or timezone.now()
    done = []
    for model, kind, published, draft, after, problems in KINDS:
        for pk in model.objects.filter(status=draft, publish_at__lte=now).values_list("pk", flat=True):
            done.append(_publish(model, kind, published, draft, after, problems, pk, now))
        for pk in model.objects.filter(status=published, withdraw_at__lte=now).values_list("pk", flat=True):
            done.append(_withdraw(model, kind, published, draft, after, pk, now))
    return [item for item in done if item]
