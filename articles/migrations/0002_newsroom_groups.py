"""Data migration: the Journalists, Editors and Fundraising groups and what each may do."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JOURNALIST = {
    "articles": {
        "article": ["add", "change", "view"],
        "byline": ["add", "change", "delete", "view"],
        "quote": ["add", "change", "delete", "view"],
        "person": ["add", "change", "view"],
        "place": ["add", "change", "view"],
        "image": ["add", "change", "view"],
        "section": ["view"],
    },
    "taggit": {"tag": ["add", "change", "view"]},
}
EVERYTHING = ["add", "change", "delete", "view"]
EDITOR = {
    "articles": {
        "article": [*EVERYTHING, "publish"],
        "byline": EVERYTHING,
        "quote": EVERYTHING,
        "correction": EVERYTHING,
        "person": EVERYTHING,
        "place": EVERYTHING,
        "image": EVERYTHING,
        "section": EVERYTHING,
    },
    "taggit": {"tag": EVERYTHING},
}
GROUPS = {"Journalists": JOURNALIST, "Editors": EDITOR, "Fundraising": {}}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = original

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, models in grants.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                permissions = Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
                if len(permissions) != len(codenames):
                    raise RuntimeError(f"Missing permissions for {app_label}.{model}")
                group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
