"""Trigram indexes for the admin's story search, on PostgreSQL only.

The article list's search (`ArticleAdmin.search_fields`: headline, standfirst, slug) is
Django's `icontains`, which PostgreSQL is sent as `UPPER("col"::text) LIKE UPPER('%term%')`:
a fragment anywhere in the text, so no B-tree helps and every search read the whole table.
A pg_trgm GIN index on exactly that expression serves the `LIKE`, so the admin's own SQL
(and with it the matches journalists get: same case folding, accents as typed) is
unchanged. An index on the plain column would not be used: the expression must match
character for character, and tests/articles/test_admin_search.py checks on PostgreSQL that
the planner picks these indexes for the admin's query.

The extension is created when missing (pg_trgm is trusted since PostgreSQL 13: the
database's owner may create it, see docs/OPERATIONS.md) and left in place when migrating
back, as other objects may come to rely on it. The indexes live outside the model state
(like 0004 and 0007), so makemigrations never sees them; SQLite gets nothing.
"""

from django.db import migrations

# Index name -> the column whose admin search it serves.
INDEXES = {
    "article_headline_upper_trgm": "headline",
    "article_dek_upper_trgm": "dek",
    "article_slug_upper_trgm": "slug",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        column = schema_editor.quote_name(column)
        schema_editor.execute(
            f"CREATE INDEX {name} ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_article_section_published"),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
