"""The "Clinic editors" group: exactly what editing articles and references needs."""
from django.db import migrations

GROUP = "Clinic editors"
# No delete permissions: an article is withdrawn by making it a draft, and every change is
# kept as a revision, so nothing an editor does is beyond recovery.
PERMISSIONS = [
    ("articles", "article", ["add", "change", "view"]),
    ("references", "reference", ["add", "change", "view"]),
]


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations run; this migration needs them now.
    for app_label in ("articles", "references"):
        app_config = apps.get_app_config(app_label)
        # Put back what was there: tests call this with the real app registry, whose apps have models.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, model, actions in PERMISSIONS
        for action in actions
    ]
    group.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in codenames]
    )


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
