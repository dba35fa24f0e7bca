"""Marking a clinical review done: who, with what qualifications, today, and when the next one is due."""
import calendar
from datetime import date

from django.conf import settings


def months_later(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 -> 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def mark_reviewed(article, *, reviewer: str, credentials: str, today: date) -> None:
    """Set the review fields (not saved): reviewed today by `reviewer`, next due REVIEW_INTERVAL_MONTHS later."""
    article.last_reviewed = today
    article.reviewed_by = reviewer
    article.reviewer_credentials = credentials
    article.next_review_due = months_later(today, settings.REVIEW_INTERVAL_MONTHS)
