"""Clinic editors manage the patients' thesaurus (no delete: its history is kept as revisions)."""
from django.db import migrations

from editing.editor_permissions import grant, revoke

PERMISSIONS = {"patientterm": ["add", "change", "view"]}


def grant_permissions(apps, schema_editor):
    grant(apps, "search", PERMISSIONS)


def remove_permissions(apps, schema_editor):
    revoke(apps, "search", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_engines"),
        ("articles", "0004_clinic_editors_group"),
    ]

    operations = [migrations.RunPython(grant_permissions, remove_permissions)]
