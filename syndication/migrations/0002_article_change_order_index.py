"""The order partners read stories in (syndication/listing.py): published stories by the
time they last changed, then id. Without it every page sorts the whole archive (200 ms at
100,000 stories on PostgreSQL); with it a page reads 51 index entries from its cursor.

The index is on the newsroom's table but serves only this API, so it lives here, outside
the model state (Django's Index cannot name another app's table). The expression is the
one listing.with_change_time() sends, COALESCE(modified_at, published_at), so the planner
matches it; SQLite and PostgreSQL both take the statement."""

from django.db import migrations

CREATE = (
    "CREATE INDEX syndication_article_changed ON articles_article "
    "((COALESCE(modified_at, published_at)), id) WHERE status = 'published'"
)
DROP = "DROP INDEX syndication_article_changed"


class Migration(migrations.Migration):
    dependencies = [
        ("syndication", "0001_partners_keys_deliveries"),
        ("articles", "0015_tighter_boilerplate_patterns"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
