"""Clinic editors manage glossary terms (no delete: a term's history is kept as revisions)."""
from django.db import migrations

from editing.editor_permissions import grant, revoke

PERMISSIONS = {"term": ["add", "change", "view"]}


def grant_permissions(apps, schema_editor):
    grant(apps, "glossary", PERMISSIONS)


def remove_permissions(apps, schema_editor):
    revoke(apps, "glossary", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("glossary", "0001_initial"),
        ("articles", "0004_clinic_editors_group"),
    ]

    operations = [migrations.RunPython(grant_permissions, remove_permissions)]
