"""The search document kept in a column, on PostgreSQL only.

Migration 0004 indexed the document's expression, so matching used the index but ranking
and counting recomputed the document (the body's text, tags stripped, parsed) for every
matching story: a word found in half of 100,000 stories took a minute. PostgreSQL now keeps
the document in a generated column, `search_document`, written with the row; the GIN index
moves to that column (same name). The expression is unchanged, character for character
articles.search.SEARCH_DOCUMENT's SQL. The column lives outside the model state (Django
never writes it and selects it only through articles.search), so makemigrations never sees
it; SQLite gets nothing.
"""

from django.db import migrations

INDEX_NAME = "article_search_document"
COLUMN = "search_document"

SEARCH_DOCUMENT_SQL = """
    (setweight(to_tsvector('english'::regconfig, COALESCE("headline", '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE("dek", '')), 'B'))
    || setweight(to_tsvector('english'::regconfig,
        COALESCE(regexp_replace("body", '<[^>]*>', ' ', 'g'), '')), 'C')
"""


def store_search_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector "
        f"GENERATED ALWAYS AS ({SEARCH_DOCUMENT_SQL}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX {INDEX_NAME} ON {table} USING gin ({COLUMN})")


def index_the_expression_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
    schema_editor.execute(
        f"CREATE INDEX {INDEX_NAME} ON {table} USING gin (({SEARCH_DOCUMENT_SQL}))"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_workflow_log_and_revisions"),
    ]

    operations = [
        migrations.RunPython(store_search_document, index_the_expression_again, elidable=False),
    ]
