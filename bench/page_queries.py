"""Query count and in-process render time of each reader page type, on the current database.

Run from the project root on any database with published stories (DATABASE_URL):

    .venv/bin/python bench/page_queries.py [--repeat 20] [--pages article,search] [--json]
    .venv/bin/python bench/page_queries.py --urls      # the addresses and the data, as JSON

Each page is the busiest of its kind (the section, person, place, tag and author with the
most stories) and the search asks for the word in most recent headlines. Every request
renders (NEWSROOM_PAGE_CACHE_SECONDS=0). bench/serve.py runs this with production settings
and loads the same addresses over HTTP. Never part of the test suite; the tests hold the
query counts, this prints the figures.
"""

import argparse
import json
import os
import sys
from datetime import timedelta

# Every request renders (no page from the page cache): this measures rendering. The page
# cache's own figures come from bench/serve.py.
os.environ.setdefault("NEWSROOM_PAGE_CACHE_SECONDS", "0")

import inprocess  # noqa: E402  (sets Django up)
from django.db import DatabaseError  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag, TaggedItem  # noqa: E402

from articles import search as article_search  # noqa: E402
from articles.models import Article, Byline, Person, Place, Section  # noqa: E402

# Targets the figures are held to (the performance issue): pages not listed have none.
MAX_QUERIES = {"article": 8}


def busiest(rows, field):
    """The value of `field` in most rows: the section, person or tag with the most stories."""
    top = rows.values(field).annotate(n=Count("pk")).order_by("-n", field).first()
    return top[field] if top else None


def page_urls(search_query=None):
    """{page type: address} for every reader page type, and the search word used."""
    article = Article.objects.published().order_by("-published_at").first()
    if article is None:
        sys.exit("No published stories: load the demo or generate content first.")
    published = Article.objects.published()
    section = Section.objects.get(pk=busiest(published.exclude(section=None), "section"))
    person = Person.objects.get(pk=busiest(Article.people.through.objects, "person"))
    author = Person.objects.get(pk=busiest(Byline.objects, "person"))
    place = Place.objects.get(pk=busiest(Article.places.through.objects, "place"))
    tag_id = busiest(TaggedItem.objects.filter(content_type__model="article"), "tag")
    query = search_query or inprocess.common_headline_word()
    # The sitemap's busiest part of stories: last month's, a whole month of them.
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    urls = {
        "article": article.get_absolute_url(),
        "home": reverse("articles:home"),
        "section": reverse("articles:section-detail", args=[section.slug]),
        "person": reverse("articles:person-detail", args=[person.slug]),
        "search": f"{reverse('articles:search')}?q={query}",
        "feed": reverse("articles:feed"),
        "author": reverse("articles:author-detail", args=[author.slug]),
        "place": reverse("articles:place-detail", args=[place.slug]),
        "corrections": reverse("articles:correction-list"),
        "feed-atom": reverse("articles:feed-atom"),
        "section-feed": reverse("articles:section-feed", args=[section.slug]),
        "person-feed": reverse("articles:person-feed", args=[person.slug]),
        "sitemap": reverse("sitemap"),
        "sitemap-month": reverse(
            "sitemap-stories",
            kwargs={"year": f"{month.year:04d}", "month": f"{month.month:02d}"},
        ),
        "sitemap-people": reverse("sitemap-list", kwargs={"section": "people"}),
        "news-sitemap": reverse("news-sitemap"),
        "robots": reverse("robots-txt"),
    }
    if tag_id is not None:
        tag = Tag.objects.get(pk=tag_id)
        urls["tag"] = reverse("articles:tag-detail", args=[tag.slug])
    return urls, query


def search_matches(query):
    """How many stories the search finds (None when the search itself fails)."""
    try:
        return article_search.search_articles(query).count()
    except DatabaseError:
        return None


def query_target(name, row):
    if name in MAX_QUERIES:
        limit = MAX_QUERIES[name]
        return f"≤ {limit} queries", row["status"] == 200 and row["queries"] <= limit
    return None


def measure(pages, repeat):
    client = Client(HTTP_HOST="127.0.0.1")
    return inprocess.measure_pages(client, pages, repeat=repeat, target=query_target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    parser.add_argument("--pages", help="comma-separated page types (default: all)")
    parser.add_argument("--search", help="the search query (default: a common headline word)")
    parser.add_argument("--urls", action="store_true", help="print the addresses as JSON")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    urls, query = page_urls(args.search)
    if args.pages:
        wanted = args.pages.split(",")
        unknown = set(wanted) - set(urls)
        if unknown:
            sys.exit(f"Unknown page types {sorted(unknown)}; known: {', '.join(urls)}")
        urls = {name: urls[name] for name in wanted}
    facts = inprocess.database_facts()
    if args.urls:
        print(json.dumps({"pages": urls, "search": query, "database": facts}))
        return
    matches = search_matches(query)
    rows = measure(urls, args.repeat)
    if args.json:
        print(json.dumps({"database": facts, "search": query, "matches": matches, "pages": rows}))
        return
    print(
        f"database: {facts['vendor']} {facts['name']}; {facts['published']:,} published "
        f"stories of {facts['articles']:,}; search {query!r} matches {matches}"
    )
    inprocess.print_table(rows, name_width=14)


if __name__ == "__main__":
    main()
