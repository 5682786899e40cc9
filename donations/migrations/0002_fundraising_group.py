"""Data migration: the Fundraising group runs the fundraising desk; nobody else sees it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FUNDRAISING = {
    "donations": {
        "campaign": ["add", "change", "delete", "view"],
        "pledge": ["change", "view"],
        "pledgestatuschange": ["view"],
        "appealstat": ["view"],
    },
    # To target campaigns at sections, places and tags (the admin's autocomplete asks).
    "articles": {"section": ["view"], "place": ["view"]},
    "taggit": {"tag": ["view"]},
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the group needs them now.
    app_config = apps.get_app_config("donations")
    original = getattr(app_config, "models_module", None)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Fundraising")
    for app_label, models in FUNDRAISING.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            permissions = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            if len(permissions) != len(codenames):
                raise RuntimeError(f"Missing permissions for {app_label}.{model}")
            group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Fundraising").first()
    if group is not None:
        group.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0001_initial"),
        ("articles", "0002_newsroom_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
