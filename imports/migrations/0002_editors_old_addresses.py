"""Data migration: Editors see the old addresses an import kept, and delete a wrong one."""

from django.db import migrations

from imports.migrations._grants import grant_to_editors, revoke_from_editors

CODENAMES = ["view_oldaddress", "delete_oldaddress"]


def grant(apps, schema_editor):
    grant_to_editors(apps, CODENAMES, "oldaddress")


def revoke(apps, schema_editor):
    revoke_from_editors(apps, CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0001_imported_objects_and_old_addresses"),
        ("articles", "0002_newsroom_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
