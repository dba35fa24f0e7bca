"""The "Clinic editors" group: exactly what editing articles and references needs."""
from django.db import migrations

from editing.editor_permissions import GROUP, grant

# No delete permissions: an article is withdrawn by making it a draft, and every change is
# kept as a revision, so nothing an editor does is beyond recovery.
PERMISSIONS = {
    "articles": {"article": ["add", "change", "view"]},
    "references": {"reference": ["add", "change", "view"]},
}


def create_group(apps, schema_editor):
    for app_label, permissions in PERMISSIONS.items():
        grant(apps, app_label, permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_review_workflow"),
        ("references", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
