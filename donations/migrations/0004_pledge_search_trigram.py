"""Trigram indexes for the desk's pledge search by name or part of an address, on
PostgreSQL only.

PledgeAdmin.get_search_results() looks each word up as `icontains` on the donor's name and
e-mail, which PostgreSQL is sent as `UPPER("col"::text) LIKE UPPER('%word%')`; a pg_trgm
GIN index on exactly that expression serves it (a name search read all million pledges in
0.6 s without). As in articles.0009, which these rely on for the story headline part, the
extension is created when missing and the indexes live outside the model state.
"""

from django.db import migrations

# Index name -> the column whose search it serves.
INDEXES = {
    "pledge_donor_name_upper_trgm": "donor_name",
    "pledge_email_upper_trgm": "email",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("donations", "Pledge")._meta.db_table)
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
        ("donations", "0003_campaign_totals"),
        ("articles", "0009_article_admin_search_trigram"),
    ]

    operations = [
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
