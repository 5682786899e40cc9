"""Search: PostgreSQL full text (websearch syntax, ranking, highlighted snippets) and the
simpler SQLite fallback, through /search/."""

from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import search as article_search
from articles.models import Article
from tests.factories import HIDDEN, HIDDEN_IDS, make_article, make_section

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the fallback runs where full text does not"
)


ODD_QUERIES = [
    "",
    "   ",
    "a" * 10_000,
    "bridge " * 2_000,
    "!!!",
    "?",
    '"',
    '"unbalanced quote',
    'bridge "',
    "-",
    "--",
    "-bridge",
    "or",
    "OR or OR",
    "bridge or",
    "the",
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "%",
    "_",
    "\\",
    "\\x00",
    "a\x00b",
    "\x00",
    "\x1b[31m",
    "Zürich 北京 🙂 مرحبا",
    "<script>alert(1)</script>",
    "& | ! ( ) :* <->",
    "bridge:*",
    "(((",
    "\u202etxet",
]


def search(client, query, **params):
    return client.get(reverse("articles:search"), {"q": query, **params})


def found(response):
    return [article.headline for article in response.context["page"].object_list]


# Both databases -----------------------------------------------------------------------


def test_search_finds_published_stories_and_counts_them(client):
    make_article(headline="Bridge reopens after storm")
    make_article(headline="New bridge for the river town")
    make_article(headline="Harvest festival returns")

    response = search(client, "bridge")

    assert response.status_code == 200
    assert "articles/search_results.html" in [t.name for t in response.templates]
    assert sorted(found(response)) == [
        "Bridge reopens after storm",
        "New bridge for the river town",
    ]
    assert "2 stories match “bridge”" in response.content.decode()


def test_one_result_is_counted_in_the_singular(client):
    make_article(headline="Bridge reopens after storm")

    assert "1 story matches “bridge”" in search(client, "bridge").content.decode()


@pytest.mark.parametrize("overrides", HIDDEN, ids=HIDDEN_IDS)
def test_search_never_shows_unpublished_stories(client, overrides):
    make_article(headline="Bridge secret plans", body="<p>Bridge bridge bridge.</p>", **overrides)

    response = search(client, "bridge")

    assert response.status_code == 200
    assert found(response) == []
    assert "Bridge secret plans" not in response.content.decode()


def test_no_results_says_so(client):
    make_article(headline="Harvest festival returns")

    response = search(client, "bridge")

    html = response.content.decode()
    assert found(response) == []
    assert "No stories match “bridge”." in html
    assert "0 stories" not in html


def test_empty_query_shows_only_the_form(client):
    make_article(headline="Harvest festival returns")

    response = search(client, "")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in html
    assert "Harvest festival returns" not in html
    assert "No stories match" not in html


def test_query_is_trimmed_single_spaced_and_capped(client):
    assert search(client, "  bridge \t\n  storm ").context["query"] == "bridge storm"
    assert len(search(client, "a" * 10_000).context["query"]) == 200
    assert search(client, "bri\x00dge\x1b").context["query"] == "bri dge"


def test_pagination_keeps_the_query(client):
    for n in range(25):
        make_article(headline=f"Bridge story {n}")

    first = search(client, "bridge")
    second = search(client, "bridge", page=2)

    assert len(found(first)) == 20
    assert "25 stories match" in first.content.decode()
    assert 'href="?q=bridge&amp;page=2"' in first.content.decode()
    assert len(found(second)) == 5
    assert 'href="?q=bridge&amp;page=1"' in second.content.decode()
    assert not set(found(first)) & set(found(second))


def test_query_is_escaped_on_the_page(client):
    response = search(client, '<script>alert("x")</script>')

    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_give_a_clean_page(client, query):
    make_article(
        headline="Bridge reopens", dek="A & B <i>", body="<p>Bridge &amp; river &lt;b&gt;</p>"
    )

    response = search(client, query)

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


@pytest.mark.usefixtures("render_every_time")
def test_search_page_queries_do_not_grow_with_results(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    section = make_section()
    for n in range(3):
        make_article(headline=f"Bridge story {n}", section=section)
    # PostgreSQL: the candidates (SET LOCAL and the query, in a savepoint here), the page
    # of stories with their sections, the section menu. SQLite: count, page, menu.
    with django_assert_max_num_queries(6) as few:
        search(client, "bridge")

    for n in range(30):
        make_article(headline=f"Another bridge story {n}", section=make_section())
    with django_assert_num_queries(len(few)):
        response = search(client, "bridge")
    assert len(found(response)) == 20


def test_results_show_snippet_section_and_link(client):
    section = make_section(name="World")
    article = make_article(headline="Bridge reopens", dek="Traffic flows again.", section=section)

    html = search(client, "bridge").content.decode()

    assert f'href="{article.get_absolute_url()}"' in html
    assert "World</a>" in html
    assert "Traffic flows again." in html


# PostgreSQL full text ------------------------------------------------------------------


@postgresql_only
def test_headline_match_ranks_above_body_match(client):
    now = timezone.now()
    make_article(
        headline="Harvest festival",
        body="<p>The old bridge was mentioned once.</p>",
        published_at=now - timedelta(minutes=5),
    )
    make_article(headline="Bridge reopens", published_at=now - timedelta(days=3))

    assert found(search(client, "bridge")) == ["Bridge reopens", "Harvest festival"]


@postgresql_only
def test_equal_rank_puts_newest_first(client):
    now = timezone.now()
    make_article(headline="Bridge story older", published_at=now - timedelta(days=2))
    make_article(headline="Bridge story newer", published_at=now - timedelta(days=1))

    assert found(search(client, "bridge")) == ["Bridge story newer", "Bridge story older"]


@postgresql_only
def test_quoted_phrase_matches_only_the_phrase(client):
    make_article(headline="Jets land at the air base")
    make_article(headline="Base camp runs out of air")

    assert found(search(client, '"air base"')) == ["Jets land at the air base"]


@postgresql_only
def test_minus_excludes_a_word(client):
    make_article(headline="Bridge over the river")
    make_article(headline="Bridge over the motorway")

    assert found(search(client, "bridge -river")) == ["Bridge over the motorway"]


@postgresql_only
def test_or_matches_either_word(client):
    make_article(headline="Zebra escapes zoo")
    make_article(headline="Giraffe born at zoo")
    make_article(headline="Lion sleeps")

    assert sorted(found(search(client, "zebra or giraffe"))) == [
        "Giraffe born at zoo",
        "Zebra escapes zoo",
    ]


@postgresql_only
def test_words_are_stemmed_and_body_text_is_searched_without_tags(client):
    make_article(
        headline="Harvest", body='<p>Two <a href="https://x.org/bridges">new</a> spans</p>'
    )
    make_article(headline="Crossing", body="<p>The bridges were rebuilt.</p>")

    # "bridge" matches "bridges" in text, never an address inside a tag.
    assert found(search(client, "bridge")) == ["Crossing"]


@postgresql_only
def test_snippet_marks_the_matching_words(client):
    make_article(
        headline="Harvest",
        dek="",
        body="<p>Farmers said the <strong>zebra</strong> crossed the field at dawn.</p>",
    )

    html = search(client, "zebra").content.decode()

    assert "<mark>zebra</mark> crossed the field" in html


@postgresql_only
def test_snippet_escapes_the_story_html(client):
    make_article(
        headline="Harvest",
        body=(
            "<p>The zebra wrote &lt;script&gt;alert(1)&lt;/script&gt; and "
            "&lt;mark&gt;fake&lt;/mark&gt; on a sign &amp; left.</p>"
        ),
    )

    html = search(client, "zebra").content.decode()
    snippet = html.split('class="dek search-snippet">')[1].split("</p>")[0]

    assert "<mark>zebra</mark>" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "&lt;mark&gt;fake&lt;/mark&gt;" in snippet
    assert "&amp; left" in snippet
    assert "<script>" not in html
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1


@postgresql_only
def test_headline_only_match_shows_the_standfirst(client):
    make_article(headline="Zebra escapes", dek="Keepers search the park.", body="<p>Gone.</p>")

    html = search(client, "zebra").content.decode()

    assert "Keepers search the park." in html


@postgresql_only
def test_match_can_use_the_gin_index():
    """The index (migration 0007) is on the stored document search_articles matches."""
    make_article(headline="Bridge reopens")
    with connection.cursor() as cursor:
        # With a handful of rows a scan is cheapest; forbid scans to see the index is usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    query = SearchQuery("bridge", config="english", search_type="websearch")
    matching = Article.objects.alias(document=article_search.stored_document()).filter(
        document=query
    )

    plan = matching.explain()

    assert "Bitmap Index Scan on article_search_document" in plan


# SQLite fallback -----------------------------------------------------------------------


@sqlite_only
def test_fallback_needs_every_word_in_any_field(client):
    make_article(headline="Bridge reopens", dek="", body="<p>After the spring floods.</p>")
    make_article(headline="Bridge closes", dek="", body="<p>Winter ice.</p>")
    make_article(headline="Spring fair", dek="", body="<p>Nothing else.</p>")

    assert found(search(client, "bridge SPRING")) == ["Bridge reopens"]


@sqlite_only
def test_fallback_puts_headline_matches_first_then_newest(client):
    now = timezone.now()
    make_article(headline="Harvest", body="<p>bridge</p>", published_at=now - timedelta(hours=1))
    make_article(headline="Old bridge", published_at=now - timedelta(days=3))
    make_article(headline="New bridge", published_at=now - timedelta(days=2))

    assert found(search(client, "bridge")) == ["New bridge", "Old bridge", "Harvest"]


@sqlite_only
def test_fallback_ignores_websearch_operators(client):
    make_article(headline="Jets land at the air base")
    make_article(headline="Air show over the river")

    assert found(search(client, '"air base"')) == ["Jets land at the air base"]
    assert found(search(client, "air or base")) == ["Jets land at the air base"]
    assert found(search(client, "air -river")) == ["Jets land at the air base"]
    assert found(search(client, "or")) == []


@sqlite_only
def test_fallback_snippet_is_the_standfirst_escaped(client):
    make_article(headline="Bridge reopens", dek="Cars <b>&</b> bikes.")

    html = search(client, "bridge").content.decode()

    assert "Cars &lt;b&gt;&amp;&lt;/b&gt; bikes." in html


@postgresql_only
def test_the_stored_document_is_the_search_document():
    """Migration 0007's generated column holds exactly SEARCH_DOCUMENT, kept up to date."""
    story = make_article(
        headline="Bridge reopens", dek="After floods", body="<p>Ferry <b>too</b></p>"
    )
    story.headline = "Tunnel reopens"
    story.save()
    same = (
        Article.objects.filter(pk=story.pk)
        .annotate(stored=article_search.stored_document(), computed=article_search.SEARCH_DOCUMENT)
        .values_list("stored", "computed")
        .get()
    )
    assert same[0] == same[1]
    assert "tunnel" in same[0]


@postgresql_only
def test_only_the_newest_candidates_are_ranked(client, settings, monkeypatch):
    monkeypatch.setattr(article_search, "SEARCH_CANDIDATES", 3)
    for n in range(5):
        make_article(
            headline=f"Harbour story {n}", published_at=timezone.now() - timedelta(days=n)
        )
    page = search(client, "harbour").context["page"]
    assert page.paginator.count == 3
    assert {a.headline for a in page.object_list} == {f"Harbour story {n}" for n in range(3)}
