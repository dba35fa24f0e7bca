"""Grant the "Clinic editors" group its permissions from data migrations, app by app."""

GROUP = "Clinic editors"


def grant(apps, app_label, permissions):
    """Give the group `{model: [actions]}` of `app_label`, creating the group and permissions if needed."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations run; the group needs them now.
    app_config = apps.get_app_config(app_label)
    # Put back what was there: tests call this with the real app registry, whose apps have models.
    previous = getattr(app_config, "models_module", None)
    app_config.models_module = previous or True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = previous

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for model, actions in permissions.items()
            for action in actions
        ]
    )


def revoke(apps, app_label, permissions):
    """Take back what `grant` gave."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in permissions.items() for action in actions]
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
