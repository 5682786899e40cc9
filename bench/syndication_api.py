"""The syndication API at archive scale: a page of stories, first and deep, in process.

Run from the project root on a scratch database (DATABASE_URL; migrated, filled by
`manage.py generate_content`), never the live one:

    .venv/bin/python bench/syndication_api.py [--limit 50] [--repeat 20] [--depth 0.9]

It makes a partner `bench-syndication` with a key over every section (and one that takes
embargoed copy), then times through Django's test client, with the production middleware:
the first page; a deep page, reached by a cursor `--depth` of the way through the stories
the key may take (the cursor is what a partner following `next` would hold); the first page
filtered by section, by the busiest person and changed since 30 days ago; and the ninjs
2.2 first page. For each: status, queries, median and p90 ms, and the slowest query. The
rate limit is raised out of the way; the key is revoked at the end.
"""

import argparse
from datetime import timedelta

import inprocess  # noqa: F401  (sets Django up)
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Byline, Section  # noqa: E402
from syndication import listing  # noqa: E402
from syndication.models import ApiKey, Partner  # noqa: E402
from syndication.rights import syndicable  # noqa: E402


def make_key(partner, *, embargo):
    key = ApiKey(partner=partner, label="bench", requests_per_minute=1_000_000,
                 allows_embargoed=embargo)  # fmt: skip
    raw = key.issue()
    key.save()
    key.sections.set(Section.objects.all())
    return key, raw


def deep_cursor(key, depth):
    """The cursor a partner `depth` of the way through the key's stories would hold."""
    [stories] = listing.change_ordered(syndicable(Article.objects.all(), key))
    total = stories.count()
    row = stories.order_by("changed_at", "pk")[max(0, int(total * depth) - 1)]
    return total, listing.Position(row.changed_at, row.pk).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--depth", type=float, default=0.9)
    options = parser.parse_args()

    partner, _ = Partner.objects.get_or_create(name="bench-syndication")
    key, raw = make_key(partner, embargo=False)
    embargo_key, embargo_raw = make_key(partner, embargo=True)
    try:
        total, cursor = deep_cursor(key, options.depth)
        person = (
            Byline.objects.values("person__slug").annotate(n=Count("id")).order_by("-n").first()
        )
        section = Section.objects.annotate(n=Count("articles")).order_by("-n").first()
        since = (timezone.now() - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        url = reverse("syndication:story-list")
        pages = {
            "first page": (f"{url}?limit={options.limit}", raw),
            f"deep page ({options.depth:.0%})": (
                f"{url}?limit={options.limit}&cursor={cursor}", raw),
            "section": (f"{url}?limit={options.limit}&section={section.slug}", raw),
            "person": (f"{url}?limit={options.limit}&person={person['person__slug']}", raw),
            "changed in 30 days": (f"{url}?limit={options.limit}&since={since}", raw),
            "ninjs 2.2": (f"{url}?limit={options.limit}&ninjs=2.2", raw),
            "embargo key": (f"{url}?limit={options.limit}", embargo_raw),
        }  # fmt: skip
        print(f"{Article.objects.count():,} stories, {total:,} the key may take; "
              f"pages of {options.limit}")  # fmt: skip
        print(f"{'page':<22} {'status':>6} {'queries':>7} {'median':>8} {'p90':>8} "
              f"{'KiB':>6}  slowest query")  # fmt: skip
        for name, (address, secret) in pages.items():
            client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
            row = inprocess.time_page(client, address, repeat=options.repeat)
            print(f"{name:<22} {row['status']:>6} {row['queries']:>7} "
                  f"{row['median_ms']:>6.1f}ms {row['p90_ms']:>6.1f}ms "
                  f"{row['bytes'] / 1024:>6.0f}  {row['slowest_query_ms']:.1f} ms")  # fmt: skip
    finally:
        key.revoke()
        embargo_key.revoke()


if __name__ == "__main__":
    main()
