"""Revision history in the admin: django-reversion's history and restore, a compare view, edit conflicts refused.

django-reversion-compare's maintained releases need Python 3.12; a field-by-field difflib
view is all the clinic needs.
"""
import difflib
import json

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from reversion.admin import VersionAdmin
from reversion.models import Version

from autosave.admin_views import AutosaveAdmin

from .edit_conflicts import EditConflictForm


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def field_changes(model, old: dict, new: dict):
    """[{label, old, new, lines}] for every editable field whose value differs; `lines` diff text fields."""
    changes = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        before, after = _as_text(old.get(field.attname)), _as_text(new.get(field.attname))
        if before == after:
            continue
        lines = None
        if isinstance(field, models.TextField) or "\n" in before or "\n" in after:
            lines = [
                {"kind": {"+": "added", "-": "removed"}.get(line[:1], "same"), "text": line[2:]}
                for line in difflib.ndiff(before.splitlines(), after.splitlines())
                if not line.startswith("?")
            ]
        changes.append({"label": field.verbose_name, "old": before, "new": after, "lines": lines})
    return changes


class HistoryAdmin(AutosaveAdmin, VersionAdmin):
    """VersionAdmin whose history page links each revision to a comparison with the current version; forms autosave."""

    object_history_template = "admin/history_with_compare.html"
    form = EditConflictForm

    def get_fieldsets(self, request, obj=None):
        # The form's hidden edit token must be posted back, so it joins the first fieldset.
        fieldsets = super().get_fieldsets(request, obj)
        if any("edit_token" in options["fields"] for _, options in fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "edit_token"]}), *rest]

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        compare = path(
            "<path:object_id>/history/<int:version_id>/compare/",
            self.admin_site.admin_view(self.compare_view),
            name="%s_%s_compare" % info,
        )
        return [compare] + super().get_urls()

    def compare_view(self, request, object_id, version_id):
        """One saved revision beside the current version, field by field."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision__user"), pk=version_id
        )
        current = {field.attname: getattr(obj, field.attname) for field in self.model._meta.concrete_fields}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": f"Compare revisions of “{obj}”",
            "version": version,
            "changes": field_changes(self.model, version.field_dict, current),
            "restore_url": "../",
            "has_change_permission": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/revision_compare.html", context)
