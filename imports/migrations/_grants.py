"""Granting the Editors group some of this app's permissions, for data migrations.

Not a migration itself: the migration loader skips modules whose name starts with "_".
Migrations import it, so it must stay importable and behave the same forever: add a new
function rather than change these.
"""

from django.contrib.auth.management import create_permissions


def grant_to_editors(apps, codenames, model_name):
    """Give the Editors group (made when missing) the permissions `codenames` of imports,
    creating the app's permissions first (post_migrate has not run yet)."""
    app_config = apps.get_app_config("imports")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    permissions = Permission.objects.filter(
        content_type__app_label="imports", codename__in=codenames
    )
    if len(permissions) != len(codenames):
        raise RuntimeError(f"Missing permissions for imports.{model_name}")
    group.permissions.add(*permissions)


def revoke_from_editors(apps, codenames):
    """Take the permissions `codenames` of imports from the Editors group, if it exists."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="imports", codename__in=codenames)
        )
