"""A GIN index for full-text search, on PostgreSQL only.

The indexed expression is, character for character, the SQL Django writes for
articles.search.SEARCH_DOCUMENT (headline A, standfirst B, body text without tags C), so
the planner can use the index for the `@@` match. It lives outside the model state (there
is no model field or Meta index for it), so makemigrations never sees it; SQLite has no
full text of this kind and gets nothing.
"""

from django.db import migrations

INDEX_NAME = "article_search_document"

SEARCH_DOCUMENT_SQL = """
    (setweight(to_tsvector('english'::regconfig, COALESCE("headline", '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE("dek", '')), 'B'))
    || setweight(to_tsvector('english'::regconfig,
        COALESCE(regexp_replace("body", '<[^>]*>', ' ', 'g'), '')), 'C')
"""


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON {table} USING gin (({SEARCH_DOCUMENT_SQL}))"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_modified_at_and_slug_history"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
