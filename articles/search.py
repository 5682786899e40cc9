"""Finding stories: PostgreSQL full text where available, a simple fallback elsewhere.

On PostgreSQL the document is headline (weight A), standfirst (B) and the body's text with
its tags removed (C). PostgreSQL keeps it in the generated column `search_document`
(migration 0007, on exactly SEARCH_DOCUMENT's SQL; change one and the other must follow in
a new migration), with a GIN index: matching, ranking and counting read the stored
document instead of parsing every matching body again.

Ranking is bounded: the best of the SEARCH_CANDIDATES newest matching stories, so a word
in half the archive costs what a rare one does (tests/articles/test_search.py checks the
index stays usable).
"""

import html
import re
import unicodedata
from functools import reduce
from operator import and_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection, connections, router, transaction
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article

MAX_QUERY_LENGTH = 200
# Matching stories ranked (the newest that match): ten pages of results. Ranking reads
# each one's stored document, so this bounds a search's cost whatever the word.
SEARCH_CANDIDATES = 200
SEARCH_CONFIG = "english"
SNIPPET_WORDS = 35

# ts_headline marks matches with these. They cannot come from the story: stripping tags
# removes every "<" of a sanitised body (a literal "<" is stored as "&lt;"), so we split on
# them first and escape everything between them.
START_MARK, STOP_MARK = "<mark>", "</mark>"
MARKED = re.compile(f"{START_MARK}(.*?){STOP_MARK}", re.DOTALL)


def body_text():
    """The body with its tags replaced by spaces (entities stay; the parser skips them)."""
    return Func(
        F("body"),
        Value("<[^>]*>"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


SEARCH_DOCUMENT = (
    SearchVector("headline", weight="A", config=SEARCH_CONFIG)
    + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
    + SearchVector(body_text(), weight="C", config=SEARCH_CONFIG)
)


def stored_document():
    """The generated column holding SEARCH_DOCUMENT (PostgreSQL; migration 0007). Not a
    model field, so Django never writes it; unqualified, so it works in a subquery too."""
    return RawSQL('"search_document"', [], output_field=SearchVectorField())


def candidate_ids(search_query):
    """The SEARCH_CANDIDATES newest published stories matching, found through the GIN index.

    The planner does not count the cost of reading each stored document (kilobytes, kept
    out of line), so for a word in a few percent of the archive it prefers reading every
    story over the index, several times slower (bench/RESULTS.md). Sequential scans are off
    for this one query."""
    matching = (
        Article.objects.published()
        .alias(document=stored_document())
        .filter(document=search_query)
        .order_by("-published_at")
        .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
    )
    # The database reads go to (the replica for a reader, newsroom/serving/db_router.py).
    database = router.db_for_read(Article)
    with transaction.atomic(using=database), connections[database].cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return list(matching.using(database))


def clean_query(raw):
    """The query as we will run it: no control characters, single-spaced, at most 200 long."""
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cs"} else char for char in str(raw)
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def search_articles(query):
    """Published stories matching `query`, best first, each with a safe HTML `snippet`."""
    if connection.vendor == "postgresql":
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        ids = candidate_ids(search_query)
        # The candidates are all the results there are: their number is the count.
        return SearchResults(
            ranked(ids, search_query), snippet=highlighted_snippet, count=len(ids)
        )
    return SearchResults(fallback_search(query), snippet=dek_snippet)


def ranked(ids, search_query):
    """The stories `ids` (websearch syntax: "phrase", -word, or) ranked by where the words
    are, each with the body's matching fragment."""
    return (
        Article.objects.filter(pk__in=ids)
        .annotate(
            # Weights are listed D, C, B, A.
            rank=SearchRank(stored_document(), search_query, weights=[0.1, 0.2, 0.4, 1.0]),
            headline_fragment=SearchHeadline(
                body_text(),
                search_query,
                config=SEARCH_CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                max_words=SNIPPET_WORDS,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .select_related("section")
        .order_by("-rank", "-published_at", "-pk")
    )


def fallback_search(query):
    """Every word in the headline, standfirst or body; headline hits first, then newest."""
    wanted, unwanted = fallback_terms(query)
    if not wanted:
        return Article.objects.none()
    anywhere = [
        Q(headline__icontains=w) | Q(dek__icontains=w) | Q(body__icontains=w) for w in wanted
    ]
    stories = Article.objects.published().filter(reduce(and_, anywhere))
    for word in unwanted:
        stories = stories.exclude(
            Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        )
    headline_hits = sum(
        (
            Case(When(headline__icontains=w, then=1), default=0, output_field=IntegerField())
            for w in wanted
        ),
        start=Value(0),
    )
    return (
        stories.annotate(headline_hits=headline_hits)
        .select_related("section")
        .order_by("-headline_hits", "-published_at", "-pk")
    )


def fallback_terms(query):
    """(words every story must contain, words none may contain), websearch operators dropped."""
    wanted, unwanted = [], []
    for token in query.replace('"', " ").split():
        if token.lower() == "or":
            continue
        word = token.lstrip("-")
        if word:
            (unwanted if token.startswith("-") else wanted).append(word)
    return wanted, unwanted


def highlighted_snippet(article):
    """ts_headline's fragment as HTML: the story's text escaped, our own <mark> tags kept.

    When the words matched only the headline or standfirst, the body fragment has no mark
    and the standfirst says more.
    """
    fragment = article.headline_fragment or ""
    if START_MARK not in fragment:
        return dek_snippet(article)
    # Split on a pattern with one group, odd pieces are the marked words.
    parts = [
        f"<mark>{plain_html(piece)}</mark>" if index % 2 else plain_html(piece)
        for index, piece in enumerate(MARKED.split(fragment))
    ]
    # Safe: every piece of the story's text went through escape(); the only tags are ours.
    return mark_safe("".join(parts).strip())  # noqa: S308


def plain_html(text):
    """Text taken from stored HTML, entities decoded and whitespace collapsed, escaped."""
    return escape(re.sub(r"\s+", " ", html.unescape(text)))


def dek_snippet(article):
    """A plain excerpt: the standfirst, or the start of the body."""
    return escape(article.summary(SNIPPET_WORDS))


class SearchResults:
    """A search's stories for the Paginator: counted and sliced in the database, and each
    story on the page given a `snippet`."""

    def __init__(self, queryset, *, snippet, count=None):
        self.queryset = queryset
        self.snippet = snippet
        self.known_count = count

    def count(self):
        if self.known_count is not None:
            return self.known_count
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.with_snippet(article) for article in self.queryset[index]]
        return self.with_snippet(self.queryset[index])

    def __iter__(self):
        return iter(self[:])

    def with_snippet(self, article):
        article.snippet = self.snippet(article)
        return article
