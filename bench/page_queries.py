"""Query count and in-process render time of each reader page type, on the current database.

Run from the project root after `make demo` (or on any database with published stories):

    .venv/bin/python bench/page_queries.py [--repeat 20]

Never part of the test suite; the tests hold the query counts, this prints the figures.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Every request renders (no page from the page cache): this measures rendering. The page
# cache's own figures come from bench/serve.py.
os.environ.setdefault("NEWSROOM_PAGE_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Article, Person, Place, Section  # noqa: E402


def page_urls():
    article = Article.objects.published().order_by("-published_at").first()
    if article is None:
        sys.exit("No published stories: run `make demo` first.")
    person = Person.objects.filter(articles__in=Article.objects.published()).first()
    author = Person.objects.filter(bylines__article__in=Article.objects.published()).first()
    place = Place.objects.filter(articles__in=Article.objects.published()).first()
    tag = Tag.objects.filter(article__in=Article.objects.published()).first()
    section = Section.objects.filter(articles__in=Article.objects.published()).first()
    return {
        "article": article.get_absolute_url(),
        "home": reverse("articles:home"),
        "section": reverse("articles:section-detail", args=[section.slug]),
        "tag": reverse("articles:tag-detail", args=[tag.slug]),
        "person": reverse("articles:person-detail", args=[person.slug]),
        "author": reverse("articles:author-detail", args=[author.slug]),
        "place": reverse("articles:place-detail", args=[place.slug]),
        "search": reverse("articles:search") + "?q=minister",
        "feed": reverse("articles:feed"),
        "sitemap": reverse("sitemap"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="requests per page (default 20)")
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"database: {connection.vendor}; {Article.objects.count()} stories")
    print(f"{'page':<10} {'status':>6} {'queries':>8} {'median ms':>10} {'p90 ms':>8}")
    for name, url in page_urls().items():
        client.get(url)  # warm caches and imports
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)  # read now: the next request clears the log
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(
            f"{name:<10} {response.status_code:>6} {query_count:>8} "
            f"{statistics.median(timings):>10.1f} {p90:>8.1f}"
        )


if __name__ == "__main__":
    main()
