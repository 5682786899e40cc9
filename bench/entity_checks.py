"""The newsroom checks on a long story against a large set of records: time and queries.

Run from the project root on a scratch database (DATABASE_URL; migrated), never the live one:

    .venv/bin/python bench/entity_checks.py [--people 200000] [--words 3000] [--repeat 10]
    .venv/bin/python bench/entity_checks.py --without-index     # the same, folded index dropped

The first run adds the records (people named "<first> <last>" from generated syllables,
with a few thousand places, all with slugs starting "bench-"; rows already there are kept)
and one story of about `--words` words that names 60 of those people (20 linked), 20
places, a few second references and quotes, with a lead image's caption. Then it times
`newsroom_checks.run()` on that story. `--without-index` drops the folded_name indexes
inside a transaction it rolls back, to show what the index is worth. The script also runs
on a tree from before issue 17 (no folded_name: names were matched on `name__in`), which
is how bench/README.md's "before" figure was taken.
"""

import argparse
import random
import statistics
import time

import inprocess  # noqa: F401  (sets Django up)
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles import newsroom_checks  # noqa: E402
from articles.html import plain_text  # noqa: E402
from articles.models import Article, Person, Place, Quote  # noqa: E402

SYLLABLES = [consonant + vowel for consonant in "bdklmnrstvz" for vowel in "aeio"]
SENTENCE = (
    "the minister said on Tuesday that talks would resume after the holiday while officials "
    "in the capital warned of delays and the opposition demanded a vote before the budget "
    "deadline as markets waited for a decision on rates"
)
FILLER = SENTENCE.split(" ")
SLUG = "bench-entity"
STORY = f"{SLUG}-story"
HAS_FOLDED = any(field.name == "folded_name" for field in Person._meta.get_fields())


def word(rng, syllables):
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def add_records(people, places):
    """Bulk-add the records up to the wanted numbers (idempotent: counted by slug prefix)."""
    rng = random.Random(17)
    have = Person.objects.filter(slug__startswith=SLUG).count()
    batch = []
    for n in range(have, people):
        name = f"{word(rng, 2)} {word(rng, 3)}"
        row = Person(name=name, slug=f"{SLUG}-p{n}", role="Official")
        if HAS_FOLDED:
            row.folded_name = name.casefold()  # the generated names have no accents
        batch.append(row)
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)
    have = Place.objects.filter(slug__startswith=SLUG).count()
    rows = []
    for n in range(have, places):
        name = f"{word(rng, 3)}{rng.choice(['ville', 'burg', ' Springs', 'a'])}"
        row = Place(name=name, slug=f"{SLUG}-l{n}")
        if HAS_FOLDED:
            row.folded_name = name.casefold()
        rows.append(row)
    Place.objects.bulk_create(rows, batch_size=5000)


def add_story(words):
    """The long story, naming records; made once."""
    article = Article.objects.filter(slug=STORY).first()
    if article is not None:
        return article
    rng = random.Random(3)
    people = list(Person.objects.filter(slug__startswith=SLUG).order_by("?")[:60])
    places = list(Place.objects.filter(slug__startswith=SLUG).order_by("?")[:20])
    names = [p.name for p in people] + [p.name for p in places]
    paragraphs, count = [], 0
    while count < words:
        sentence = rng.sample(FILLER, 12)
        sentence.insert(rng.randrange(12), rng.choice(names))
        if rng.random() < 0.2:
            sentence.insert(0, f"Ms {rng.choice(people).name.split()[-1]} said")
        text = " ".join(sentence)
        text = text[0].upper() + text[1:] + "."
        paragraphs.append(f"<p>{text}</p>")
        count += len(text.split())
    article = Article.objects.create(
        headline="Long story naming many officials",
        slug=STORY,
        body="".join(paragraphs),
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    article.people.add(*people[:20])
    article.places.add(*places[:5])
    for order, person in enumerate(people[:5], start=1):
        Quote.objects.create(
            article=article, speaker=person, text=" ".join(FILLER[order : order + 10]), order=order
        )
    return article


def measure(article, repeat):
    newsroom_checks.run(article)  # warm: imports, the connection
    with CaptureQueriesContext(connection) as queries:
        findings = newsroom_checks.run(article)
    timings = []
    for _ in range(repeat):
        begun = time.perf_counter()
        newsroom_checks.run(article)
        timings.append((time.perf_counter() - begun) * 1000)
    slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
    return {
        "findings": len(findings),
        "queries": len(queries.captured_queries),
        "median_ms": statistics.median(timings),
        "slowest_query_ms": float(slowest["time"]) * 1000,
    }


def drop_folded_indexes():
    with connection.cursor() as cursor:
        for table in ("articles_person", "articles_place", "articles_organisation"):
            constraints = connection.introspection.get_constraints(cursor, table)
            for name, info in constraints.items():
                if info["index"] and info["columns"] == ["folded_name"]:
                    cursor.execute(f'DROP INDEX "{name}"')  # noqa: S608 (names from the schema)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--places", type=int, default=5_000)
    parser.add_argument("--words", type=int, default=3_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--without-index", action="store_true")
    options = parser.parse_args()

    started = time.perf_counter()
    add_records(options.people, options.places)
    article = add_story(options.words)
    if connection.vendor == "postgresql":
        # As autovacuum would after a bulk load: the planner's statistics of the new rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_person, articles_place")
    print(
        f"{Person.objects.count():,} people, {Place.objects.count():,} places; "
        f"story of {len(plain_text(article.body).split()):,} words "
        f"(records ready in {time.perf_counter() - started:.1f} s); "
        f"{connection.vendor}, {'folded_name' if HAS_FOLDED else 'name__in (before)'}"
    )
    with transaction.atomic():
        if options.without_index:
            drop_folded_indexes()
        result = measure(article, options.repeat)
        transaction.set_rollback(True)
    label = "without the folded index" if options.without_index else "as deployed"
    print(
        f"checks {label}: {result['median_ms']:.1f} ms median of {options.repeat}, "
        f"{result['queries']} queries (slowest {result['slowest_query_ms']:.1f} ms), "
        f"{result['findings']} findings"
    )


if __name__ == "__main__":
    main()
