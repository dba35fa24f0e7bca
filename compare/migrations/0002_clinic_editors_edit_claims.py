"""Clinic editors manage topics, claims and conditions (no delete: history is kept as revisions)."""
from django.db import migrations

from editing.editor_permissions import grant, revoke

PERMISSIONS = {"topic": ["add", "change", "view"], "claim": ["add", "change", "view"], "condition": ["add", "change", "view"]}


def grant_permissions(apps, schema_editor):
    grant(apps, "compare", PERMISSIONS)


def remove_permissions(apps, schema_editor):
    revoke(apps, "compare", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("compare", "0001_initial"),
        ("articles", "0004_clinic_editors_group"),
    ]

    operations = [migrations.RunPython(grant_permissions, remove_permissions)]
