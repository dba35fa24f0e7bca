"""Two staff editing the same entry at once: the later save is refused, never a silent overwrite."""
import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

EDIT_CONFLICT = (
    "{who} saved this {noun} at {when}, while you were editing it. Your changes have NOT been "
    "saved, so nothing of theirs is overwritten; everything you typed is still in this form. "
    "Open the {noun} in a new tab, copy your changes into it, and save there."
)


def saved_token(model, pk, lock=False) -> str:
    """A fingerprint of the row and its many-to-many links as stored now; "" if it is gone."""
    row = model._default_manager.filter(pk=pk)
    # The admin saves inside a transaction: on PostgreSQL this holds the row until the
    # save commits, so two simultaneous saves cannot both pass the check.
    values = (row.select_for_update() if lock else row).values().first()
    if values is None:
        return ""
    links = {
        field.name: sorted(linked for linked in row.values_list(f"{field.name}__pk", flat=True) if linked is not None)
        for field in model._meta.many_to_many
    }
    return hashlib.sha256(repr((sorted(values.items()), sorted(links.items()))).encode()).hexdigest()


class EditConflictForm(forms.ModelForm):
    """A model form that refuses to save over changes made since it was opened."""

    edit_token = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        help_text="The entry as this form saw it when opened; a save made since then refuses this one.",
    )

    # No Meta: the admin builds the model form from this class with its own field widgets.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A posted form carries the token it was opened with; only a fresh form needs one.
        if self.instance.pk and not self.is_bound:
            self.fields["edit_token"].initial = saved_token(type(self.instance), self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("edit_token") != saved_token(type(self.instance), self.instance.pk, lock=True):
            raise ValidationError(self._conflict_message(), code="edit_conflict")
        return cleaned

    def _conflict_message(self):
        latest = Version.objects.get_for_object(self.instance).select_related("revision__user").first()
        who, when = "Someone else", "a moment ago"
        if latest:
            user = latest.revision.user
            who = (user.get_full_name() or user.get_username()) if user else who
            when = date_format(timezone.localtime(latest.revision.date_created), "j F Y, H:i")
        return EDIT_CONFLICT.format(who=who, when=when, noun=self.instance._meta.verbose_name)
