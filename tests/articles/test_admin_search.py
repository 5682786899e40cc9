"""The article list's search box and author filter, as an editor uses them, and on
PostgreSQL the trigram indexes (migration 0009) that keep the search fast."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    add_byline,
    add_quote,
    make_article,
    make_image,
    make_person,
    make_section,
)

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram indexes exist on PostgreSQL only"
)

CHANGELIST = "admin:articles_article_changelist"
TRIGRAM_INDEXES = {
    "article_headline_upper_trgm": "headline",
    "article_dek_upper_trgm": "dek",
    "article_slug_upper_trgm": "slug",
}


@pytest.fixture
def stories():
    """One story to be found by each searched field, and one never found."""
    return {
        "headline": make_article(
            headline="Harbour ferry returns after six years",
            slug="crossing-back",
            dek="The town voted for it.",
        ),
        "dek": make_article(
            headline="Council meets",
            slug="council-meets",
            dek="A hovercraft FERRYING commuters is on the agenda.",
        ),
        "slug": make_article(
            headline="Back on the water",
            slug="ferry-timetable-2027",
            dek="New times from May.",
        ),
        "other": make_article(
            headline="Zürich bank closes its last branch",
            slug="bank-closes",
            dek="Staff were told on Monday.",
        ),
    }


def search(client, term):
    response = client.get(reverse(CHANGELIST), {"q": term})
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


@pytest.mark.parametrize("term", ["ferr", "FERRY", "FeRrY", "erry"])
def test_search_finds_a_fragment_of_headline_standfirst_or_slug_in_any_case(
    editor_client, stories, term
):
    found = search(editor_client, term)
    assert found == {stories["headline"], stories["dek"], stories["slug"]}


def test_search_matches_each_field_on_its_own(editor_client, stories):
    assert search(editor_client, "six years") == {stories["headline"]}
    assert search(editor_client, "hovercraft") == {stories["dek"]}
    assert search(editor_client, "timetable-2027") == {stories["slug"]}
    assert search(editor_client, "nothing like this") == set()


def test_search_keeps_accents_as_typed(editor_client, stories):
    assert search(editor_client, "zürich") == {stories["other"]}
    assert search(editor_client, "zurich") == set()


def test_search_counts_only_the_matches(editor_client, stories):
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(reverse(CHANGELIST), {"q": "ferry"})
    assert response.context["cl"].result_count == 3
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    # One COUNT, of the matches: no second one over the whole archive for "N total".
    assert len(counts) == 1
    assert "LIKE" in counts[0]


def test_author_filter_offers_each_bylined_person_once_by_name(editor_client):
    zoe, ana = make_person(name="Zoe Marsh"), make_person(name="Ana Ruiz")
    quoted_only = make_person(name="Bea Quinn")
    for headline in ["First", "Second"]:
        article = make_article(headline=headline)
        add_byline(article, zoe)
        add_byline(article, ana)
        add_quote(article, quoted_only)
    response = editor_client.get(reverse(CHANGELIST))
    [author_filter] = [f for f in response.context["cl"].filter_specs if f.title == "author"]
    assert author_filter.lookup_choices == [(str(ana.pk), "Ana Ruiz"), (str(zoe.pk), "Zoe Marsh")]


def test_searched_changelist_query_count_is_flat(editor_client, django_assert_max_num_queries):
    def add_matches(n):
        for _ in range(n):
            article = make_article(
                headline="Flood defences tested", lead_image=make_image(), section=make_section()
            )
            add_byline(article)
            add_byline(article)
        make_article(headline="Unrelated")

    url = reverse(CHANGELIST)
    add_matches(3)
    editor_client.get(url, {"q": "flood"})
    with django_assert_max_num_queries(10) as few:
        editor_client.get(url, {"q": "flood"})
    add_matches(12)
    with django_assert_max_num_queries(len(few)):
        response = editor_client.get(url, {"q": "flood"})
    assert response.context["cl"].result_count == 15


@postgresql_only
def test_migration_creates_a_trigram_index_on_each_searched_expression():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article'"
        )
        definitions = dict(cursor.fetchall())
    for name, column in TRIGRAM_INDEXES.items():
        assert name in definitions
        assert "USING gin" in definitions[name]
        assert f"upper(({column})::text) gin_trgm_ops" in definitions[name]


@postgresql_only
def test_the_admins_search_query_can_use_the_trigram_indexes(editor_client, stories):
    with CaptureQueriesContext(connection) as queries:
        editor_client.get(reverse(CHANGELIST), {"q": "ferry"})
    [count_sql] = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    with connection.cursor() as cursor:
        # A few rows are cheaper to scan: forbid that, so the plan shows whether the
        # indexes match the SQL the admin actually sends.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {count_sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    for name in TRIGRAM_INDEXES:
        assert f"Bitmap Index Scan on {name}" in plan, plan
