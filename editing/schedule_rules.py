"""Publish at / withdraw at: what a schedule may say, checked the same way for every publishable kind.

`manage.py publish_scheduled` (desk/scheduled.py) carries schedules out and clears each time it has
acted on, so a time still set is always one waiting to happen.
"""
from django import forms
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

WHEN = "j F Y, H:i"


def publish_at_field():
    return models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="To publish a draft later, keep Status as Draft and give the day and time (UTC) here. "
        "It goes public within a minute of that time, and this box empties once it has.",
    )


def withdraw_at_field():
    return models.DateTimeField(
        "withdraw at",
        null=True,
        blank=True,
        help_text="To take it down later, give the day and time (UTC) here: it becomes a draft again, "
        "hidden from the public, within a minute of that time, and this box empties once it has.",
    )


def schedule_errors(*, published: bool, publish_at, withdraw_at) -> dict:
    """{field: message} for a schedule that contradicts itself or the status."""
    errors = {}
    if publish_at and published:
        errors["publish_at"] = (
            "This is already published, so there is nothing to publish at that time. Empty this box, "
            "or set Status to Draft to publish it at that time."
        )
    if withdraw_at and not published and not publish_at:
        errors["withdraw_at"] = (
            "A draft is already hidden, so there is nothing to withdraw. Empty this box, or give a "
            "“publish at” time too, to show it for a while."
        )
    if publish_at and withdraw_at and withdraw_at <= publish_at:
        errors["withdraw_at"] = (
            f"The withdrawal ({date_format(withdraw_at, WHEN)}) must come after the publishing "
            f"({date_format(publish_at, WHEN)}): otherwise patients would never see it."
        )
    return errors


class ScheduleFormMixin:
    """Refuses a schedule time, newly typed, that has already passed, saying what to do instead."""

    PAST = {
        "publish_at": "To publish now, empty this box and set Status to Published; to publish later, give a time still to come.",
        "withdraw_at": "To withdraw now, empty this box and set Status to Draft; to withdraw later, give a time still to come.",
    }

    def clean(self):
        cleaned = super().clean()
        now = timezone.now()
        for name, what_to_do in self.PAST.items():
            when = cleaned.get(name)
            if when and name in self.changed_data and when <= now:
                self.add_error(name, forms.ValidationError(
                    f"{date_format(timezone.localtime(when), WHEN)} has already passed (it is now "
                    f"{date_format(timezone.localtime(now), WHEN)} UTC). {what_to_do}",
                    code="past",
                ))
        return cleaned

