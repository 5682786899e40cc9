"""Wire ingest's speed, in process: items per second for ninjs and for RSS.

Run from the project root on a scratch database (DATABASE_URL, migrated), never the live
one:

    .venv/bin/python bench/ingest.py [--items 1000] [--batch 100]

It makes an agency, a section and two sources, then feeds `--items` new items to each, in
documents of `--batch` items (imports/ingest.py receive(), as the push endpoint and the
polling task call it: parse, one transaction per item, body sanitised, boilerplate removed,
workflow step and revision written), then the same documents again (each item unchanged).
Everything is rolled back at the end. Each story has a 600-word body with the seed's
shape: the story's paragraphs, then an agency appeal that the boilerplate patterns remove.
"""

import argparse
import json
import time
from html import escape

import inprocess  # noqa: F401  (sets Django up)
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Organisation, Section  # noqa: E402
from imports import ingest  # noqa: E402
from imports.models import FeedSource  # noqa: E402

WORDS = "the minister said talks on water sharing would resume next week after a year".split()  # noqa: SIM905
APPEAL = ["Support Independent Journalism", "Our reporters work around the clock.",
          "Monthly gifts go a long way. Please give today."]  # fmt: skip


class Rollback(Exception):
    pass


def body(n):
    paragraphs = [" ".join(WORDS[(n + i) % 7 :] + WORDS[: (n + i) % 7]) * 2 for i in range(20)]
    return "".join(f"<p>{p}.</p>" for p in paragraphs + APPEAL)


def ninjs_documents(items, batch):
    for start in range(0, items, batch):
        yield json.dumps([
            {"uri": f"urn:bench:{n}", "version": "1", "headlines": [{"value": f"Bench item {n}"}],
             "bodies": [{"value": body(n)}], "by": "Bench Reporter",
             "firstCreated": "2026-12-05T07:30:00Z", "people": [{"name": "Bench Person"}]}
            for n in range(start, min(items, start + batch))
        ]).encode()  # fmt: skip


def rss_documents(items, batch):
    for start in range(0, items, batch):
        entries = "".join(
            f"<item><title>Bench RSS item {n}</title><link>https://bench.example/{n}</link>"
            f"<guid>https://bench.example/{n}</guid><pubDate>Sat, 05 Dec 2026 09:00:00 +0000"
            f"</pubDate><description>{escape(body(n))}</description></item>"
            for n in range(start, min(items, start + batch))
        )
        feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'
        yield feed.encode()


def run(source, documents):
    """(items per second, queries per item) of taking `documents` from `source`."""
    taken = queries = 0
    seconds = 0.0
    for document in documents:
        connection.queries_log.clear()  # it holds 9,000 at most: counted from empty
        with CaptureQueriesContext(connection) as captured:  # a document's worth at a time
            started = time.perf_counter()
            report = ingest.receive(source, document)
            seconds += time.perf_counter() - started
        taken += sum(report.counts.values())
        queries += len(captured)
    return taken / seconds, queries / max(1, taken)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    options = parser.parse_args()
    print(f"{connection.vendor}, {options.items} items in documents of {options.batch}")
    try:
        with transaction.atomic():
            agency = Organisation.objects.create(name="Bench Wire", slug="bench-wire-ingest",
                                                 kind=Organisation.Kind.AGENCY)  # fmt: skip
            section = Section.objects.create(name="Bench ingest", slug="bench-ingest")
            for fmt, documents in [(FeedSource.Format.NINJS, ninjs_documents),
                                   (FeedSource.Format.RSS, rss_documents)]:  # fmt: skip
                source = FeedSource.objects.create(
                    name=f"Bench {fmt}", slug=f"bench-{fmt}", organisation=agency, format=fmt,
                    delivery=FeedSource.Delivery.PUSH, section=section,
                )  # fmt: skip
                for label in ("new", "again"):
                    rate, queries = run(source, documents(options.items, options.batch))
                    print(f"{fmt:6} {label:6} {rate:8.1f} items/s  {queries:5.1f} queries/item")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
