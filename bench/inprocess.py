"""Django in this process, for the in-process benches: set up, time a page, describe the data.

Imported first by bench/page_queries.py, bench/admin_scale.py and bench/fundraising_desk.py
(after they set any environment variable of their own): it puts the project on the path
and calls django.setup() on the settings the environment gives (DATABASE_URL, ...).
"""

import math
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SLOW_QUERY_SQL_CHARS = 300
# Words that say nothing about a story, left out when choosing a search word.
DULL_WORDS = {"about", "after", "again", "their", "there", "these", "which", "while", "would"}


def time_page(client, url, *, repeat, budget_seconds=30):
    """One page through the test client: status, queries, the slowest query, and times.

    A first request warms caches and imports; one more is counted (CaptureQueriesContext);
    then `repeat` requests are timed, fewer when they pass `budget_seconds` (at least 3)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    captured = list(queries.captured_queries)  # read now: the next request clears the log
    slowest = max(captured, key=lambda query: float(query["time"]), default=None)
    timings = []
    started = time.perf_counter()
    for n in range(repeat):
        if n >= 3 and time.perf_counter() - started > budget_seconds:
            break
        begun = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - begun) * 1000)
    timings.sort()
    return {
        "url": url,
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": len(captured),
        "slowest_query_ms": float(slowest["time"]) * 1000 if slowest else 0.0,
        "slowest_query": short_sql(slowest["sql"]) if slowest else "",
        "repeat": len(timings),
        "median_ms": statistics.median(timings),
        "p90_ms": timings[math.ceil(len(timings) * 0.9) - 1],
        "max_ms": timings[-1],
    }


def measure_pages(client, pages, *, repeat, target):
    """time_page() for each of {name: address}, with `target(name, row)` giving (target,
    passed) or None. A page that raises is reported with its error, and the others are
    still measured."""
    rows = []
    for name, url in pages.items():
        try:
            row = {"name": name, **time_page(client, url, repeat=repeat)}
        except Exception as error:  # one broken page must not hide the others' figures
            message = f"{type(error).__name__}: {error}".splitlines()[0]
            rows.append({"name": name, "url": url, "error": message})
            continue
        judged = target(name, row)
        if judged:
            row["target"], row["pass"] = judged
        rows.append(row)
    return rows


def short_sql(sql):
    """The query on one line, a long column list (and a cursor's DECLARE) cut out; a short
    one such as COUNT(*) stays."""
    sql = " ".join(sql.split())
    found = re.match(r"^(?:DECLARE .*? FOR )?SELECT (DISTINCT )?(.*?) FROM ", sql)
    if found:
        columns = found.group(2) if len(found.group(2)) <= 80 else "…"
        # Text for a report, never run.
        sql = f"SELECT {found.group(1) or ''}{columns} FROM {sql[found.end() :]}"  # noqa: S608
    return sql[:SLOW_QUERY_SQL_CHARS]


def common_headline_word(sample=1000):
    """The word (5+ letters) in most of the newest published headlines: a search that
    matches many stories, as a reader's often does."""
    from articles.models import Article

    headlines = (
        Article.objects.published()
        .order_by("-published_at")
        .values_list("headline", flat=True)[:sample]
    )
    counts = Counter()
    for headline in headlines:
        counts.update(set(re.findall(r"[a-z]{5,}", headline.lower())))
    # Most stories first, then alphabetical: the same word on every run.
    for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if word not in DULL_WORDS:
            return word
    return "minister"


def database_facts():
    """What the figures were measured on: the server, the database, and its rows."""
    from articles.models import Article, Person
    from donations.models import Campaign, Pledge

    facts = {"vendor": connection.vendor, "name": connection.settings_dict["NAME"]}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            facts["server_version"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            facts["size_mb"] = round(cursor.fetchone()[0] / 1024 / 1024)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    facts.update(
        unapplied_migrations=[f"{migration.app_label}.{migration.name}" for migration, _ in plan],
        articles=Article.objects.count(),
        published=Article.objects.published().count(),
        people=Person.objects.count(),
        campaigns=Campaign.objects.count(),
        pledges=Pledge.objects.count(),
    )
    return facts


def print_table(rows, name_width=24):
    """The rows of measure_pages() as a table, with PASS/FAIL where a row has a target."""
    print(
        f"{'page':<{name_width}} {'status':>6} {'queries':>7} {'median ms':>10} "
        f"{'p90 ms':>8} {'slowest query ms':>17}  target"
    )
    for row in rows:
        if "error" in row:
            print(f"{row['name']:<{name_width}} {'error':>6}  {row['error']}")
            continue
        verdict = ""
        if row.get("target"):
            verdict = f"{row['target']}: {'PASS' if row['pass'] else 'FAIL'}"
        print(
            f"{row['name']:<{name_width}} {row['status']:>6} {row['queries']:>7} "
            f"{row['median_ms']:>10.1f} {row['p90_ms']:>8.1f} "
            f"{row['slowest_query_ms']:>17.1f}  {verdict}"
        )
