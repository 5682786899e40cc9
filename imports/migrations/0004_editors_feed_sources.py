"""Data migration: Editors set up the agencies' feeds for wire ingest (see, add, change, delete)."""

from django.db import migrations

from imports.migrations._grants import grant_to_editors, revoke_from_editors

CODENAMES = ["view_feedsource", "add_feedsource", "change_feedsource", "delete_feedsource"]


def grant(apps, schema_editor):
    grant_to_editors(apps, CODENAMES, "feedsource")


def revoke(apps, schema_editor):
    revoke_from_editors(apps, CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_feed_sources"),
        ("articles", "0002_newsroom_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
