"""Clinic editors manage common questions; they may remove a part of an answer (the question's history keeps it)."""
from django.db import migrations

from editing.editor_permissions import grant, revoke

PERMISSIONS = {"question": ["add", "change", "view"], "answerblock": ["add", "change", "delete", "view"]}


def grant_permissions(apps, schema_editor):
    grant(apps, "questions", PERMISSIONS)


def remove_permissions(apps, schema_editor):
    revoke(apps, "questions", PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("articles", "0004_clinic_editors_group"),
    ]

    operations = [migrations.RunPython(grant_permissions, remove_permissions)]
