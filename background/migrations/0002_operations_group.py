"""Data migration: the Operations group sees background tasks, re-runs and discards them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs this one now.
    app_config = apps.get_app_config("background")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Operations")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="background", codename="operate_tasks")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Operations").delete()


class Migration(migrations.Migration):
    dependencies = [("background", "0001_workers_and_task_desk")]

    operations = [migrations.RunPython(grant, revoke)]
