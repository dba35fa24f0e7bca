"""Revision history in the admin: django-reversion's history and restore, compare any two revisions word by word.

django-reversion-compare's maintained releases need Python 3.12; a field-by-field view with
diff-match-patch's word diff (editing/word_diff.py) is all the clinic needs.
"""
import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from autosave.admin_views import AutosaveAdmin

from .edit_conflicts import EditConflictForm
from .history_lines import history_line, split_comment, with_note
from .word_diff import condensed, word_diff

CURRENT = "current"


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def when(moment) -> str:
    """The one date format of History and Compare: "1 December 2026, 10:42"."""
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def who(revision) -> str:
    user = revision.user
    return (user.get_full_name() or user.get_username()) if user else "the site itself"


def field_changes(model, old: dict, new: dict):
    """[{label, old, new, words}] for every field a person edits whose value differs; `words` diff text fields."""
    changes = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        before, after = _as_text(old.get(field.attname)), _as_text(new.get(field.attname))
        if before.replace("\r\n", "\n") == after.replace("\r\n", "\n"):
            continue
        words = None
        if isinstance(field, (models.TextField, models.JSONField)) or "\n" in before or "\n" in after:
            words = condensed(word_diff(before.replace("\r\n", "\n"), after.replace("\r\n", "\n")))
        changes.append({"label": field.verbose_name, "old": before, "new": after, "words": words})
    return changes


class ChangeNoteForm(EditConflictForm):
    """The edit-conflict form with an optional note for History."""

    change_note = forms.CharField(
        label="What I changed (optional)",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "vLargeTextField", "autocomplete": "off"}),
        help_text="A few words for History, like “Corrected the dose in the second section”. Only staff see it.",
    )

    def clean(self):
        cleaned = super().clean()
        # Browsers send text boxes with \r\n; stored as \n, History and Compare see only real edits.
        for name, value in cleaned.items():
            if isinstance(value, str) and "\r\n" in value:
                cleaned[name] = value.replace("\r\n", "\n")
        return cleaned


class HistoryAdmin(AutosaveAdmin, VersionAdmin):
    """VersionAdmin with history lines in words, an optional note on save, and compare of any two revisions."""

    object_history_template = "admin/history_with_compare.html"
    revision_form_template = "admin/revision_form.html"
    form = ChangeNoteForm

    def get_fieldsets(self, request, obj=None):
        # The form's hidden edit token must be posted back, so it joins the first fieldset;
        # the note for History comes last, just above the save buttons.
        fieldsets = super().get_fieldsets(request, obj)
        names = [name for _, options in fieldsets for name in options["fields"]]
        if "edit_token" not in names:
            (name, options), *rest = fieldsets
            fieldsets = [(name, {**options, "fields": [*options["fields"], "edit_token"]}), *rest]
        if "change_note" not in names:
            fieldsets = [*fieldsets, ("Note for History", {"fields": ["change_note"]})]
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        # An admin with a form of its own still gets the note field.
        form = kwargs.get("form", self.form)
        if not issubclass(form, ChangeNoteForm):
            kwargs["form"] = type(form.__name__, (form, ChangeNoteForm), {"__module__": form.__module__})
        return super().get_form(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            # The admin's own URL widget adds "Currently: … Change:" around the box; a plain box is clearer.
            kwargs.setdefault("widget", forms.URLInput(attrs={"class": "vURLField"}))
        elif isinstance(db_field, models.CharField) and db_field.name == "title" and not db_field.choices:
            kwargs.setdefault("widget", forms.TextInput(attrs={"class": "vLargeTextField"}))  # long titles, wide box
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def construct_change_message(self, request, form, formsets, add=False):
        return history_line(form, formsets, add)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="%s_%s_compare_versions" % info,
            ),
            path(
                "<path:object_id>/history/<int:version_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="%s_%s_compare" % info,
            ),
        ] + super().get_urls()

    def _versions(self, obj):
        return Version.objects.get_for_object(obj).select_related("revision__user").order_by("-revision__date_created", "-pk")

    def _allowed_object(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        """Every revision, newest first, with who, when, what changed in words, the note, and compare/restore."""
        obj = self._allowed_object(request, object_id)
        rows = []
        for version in self._versions(obj):
            line, note = split_comment(version.revision.comment)
            rows.append(
                {
                    "version": version,
                    "when": when(version.revision.date_created),
                    "who": who(version.revision),
                    "line": line,
                    "note": note,
                    "restore_url": reverse(
                        f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_revision",
                        args=[obj.pk, version.pk],
                    ),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "original": obj,
            "object": obj,
            "title": f"History of “{obj}”",
            "rows": rows,
            "has_change_permission": self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def _side(self, obj, spec):
        """(field values, description) of a revision id or "current"."""
        if spec == CURRENT:
            return {field.attname: getattr(obj, field.attname) for field in self.model._meta.concrete_fields}, None
        try:
            version = self._versions(obj).get(pk=int(spec))
        except (ValueError, Version.DoesNotExist):
            raise Http404("There is no such saved version of this entry.")
        return version.field_dict, version

    def compare_view(self, request, object_id, version_id=None):
        """Two revisions (?from=…&to=…, or one and the current version) field by field, word by word."""
        obj = self._allowed_object(request, object_id)
        older = str(version_id) if version_id else request.GET.get("from", "")
        newer = CURRENT if version_id else request.GET.get("to", CURRENT)
        (old, old_version), (new, new_version) = self._side(obj, older), self._side(obj, newer)
        if old_version and new_version and old_version.revision.date_created > new_version.revision.date_created:
            (old, old_version), (new, new_version) = (new, new_version), (old, old_version)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Compare versions of “{obj}”",
            "sides": [self._describe(old_version), self._describe(new_version)],
            "changes": field_changes(self.model, old, new),
            "restore_url": reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_revision",
                args=[obj.pk, old_version.pk],
            ) if old_version else None,
            "has_change_permission": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/revision_compare.html", context)

    def _describe(self, version):
        if version is None:
            return "the current version"
        return f"the version saved on {when(version.revision.date_created)} by {who(version.revision)}"

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Restore: django-reversion's form filled from the old revision; saving it records what was restored."""
        response = super().revision_view(request, object_id, version_id, {**(extra_context or {}), "restoring": True})
        if request.method == "POST" and response.status_code == 302:
            restored = Version.objects.select_related("revision").filter(pk=version_id).first()
            obj = self.get_object(request, object_id)
            latest = self._versions(obj).first() if obj else None
            if restored and latest and latest.pk != restored.pk:
                line = f"Restored the version saved on {when(restored.revision.date_created)}."
                Revision.objects.filter(pk=latest.revision_id).update(
                    comment=with_note(line, request.POST.get("change_note", ""))
                )
        return response
