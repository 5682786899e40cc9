"""Data migration: Editors set up the agencies' feeds for wire ingest (see, add, change, delete)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_feedsource", "add_feedsource", "change_feedsource", "delete_feedsource"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("imports")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    permissions = Permission.objects.filter(
        content_type__app_label="imports", codename__in=CODENAMES
    )
    if len(permissions) != len(CODENAMES):
        raise RuntimeError("Missing permissions for imports.feedsource")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="imports", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_feed_sources"),
        ("articles", "0002_newsroom_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
