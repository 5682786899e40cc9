"""What one uncached long-tail story page costs: wall time, the app's CPU, the database's.

Run from the project root on the full data set (DATABASE_URL, PostgreSQL on this machine):

    .venv/bin/python bench/render_cost.py [--stories 300] [--seed 20] [--profile] [--json]

Renders `--stories` published stories chosen at random over the whole archive (seeded: the
same stories on every run of the same data) with production
settings (DEBUG off), calling the story's view itself (no middleware, so no page cache),
after a warm-up on other stories. Per render:
wall ms, the process's CPU ms (time.process_time: this process is the app server), the
queries and their time as the app waits for them (connection.execute_wrapper), and the
PostgreSQL backend's own CPU, read from /proc for the connection's server process (clock
ticks, so only the mean over the run means anything). `--profile` adds cProfile's top
functions by cumulative time over every render; `--queries` the time per kind of query.
Never part of the test suite.
"""

import argparse
import cProfile
import io
import json
import math
import os
import pstats
import random
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

# Every request renders: this measures a miss, the page cache's own figures come from
# bench/serve.py. Production-like: DEBUG off (no query log), a secret key set.
os.environ.setdefault("NEWSROOM_PAGE_CACHE_SECONDS", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-render-cost-" + "x" * 40)
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("NEWSROOM_SITE_URL", "https://news.example.org")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("NEWSROOM_MEDIA_STORAGE", "local")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
os.environ.setdefault(
    "DJANGO_MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "newsroom-perf-media")
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("NEWSROOM_CACHE_PREFIX", "bench-render-cost")
os.environ.setdefault("EMAIL_HOST", "smtp.example.org")
os.environ.setdefault("DEFAULT_FROM_EMAIL", "The Newsroom <newsroom@news.example.org>")

import inprocess  # noqa: E402  (sets Django up)
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve  # noqa: E402

from articles.models import Article  # noqa: E402

WARM_UP = 20
CLOCK_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


class QueryTimer:
    """connection.execute_wrapper: each query's time as the app waits for it, by kind."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.by_kind = defaultdict(lambda: [0, 0.0])

    def __call__(self, execute, sql, params, many, context):
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - begun
            self.count += 1
            self.seconds += spent
            kind = self.by_kind[inprocess.short_sql(sql)[:140]]
            kind[0] += 1
            kind[1] += spent


def backend_cpu_ms():
    """CPU the connection's PostgreSQL server process has used (user + system), in ms,
    or None when the server is not a process of this machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * CLOCK_TICK_MS


def long_tail(count, seed):
    """`count` published stories at random over the whole archive, and WARM_UP others."""
    ids = sorted(Article.objects.published().values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(len(ids), count + WARM_UP))
    stories = Article.objects.in_bulk(chosen)
    return [stories[pk].get_absolute_url() for pk in chosen]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * fraction) - 1)]


def render(url):
    """The story's view itself, as an anonymous reader's GET: no middleware, so no page
    cache (nor its generation's round trip to Redis)."""
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    match = resolve(url)
    request.resolver_match = match
    view = getattr(match.func, "__wrapped__", match.func)  # without reader_page()
    return view(request, *match.args, **match.kwargs)


def render_all(urls, timer, profiler=None):
    rows = []
    for url in urls:
        queries, query_seconds = timer.count, timer.seconds
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        response = render(url)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        rows.append(
            {
                "wall_ms": wall * 1000,
                "cpu_ms": cpu * 1000,
                "queries": timer.count - queries,
                "db_ms": (timer.seconds - query_seconds) * 1000,
                "bytes": len(response.content),
            }
        )
    return rows


def summary(rows, backend_ms):
    def column(name):
        values = [row[name] for row in rows]
        return {
            "median": statistics.median(values),
            "p90": percentile(values, 0.9),
            "mean": statistics.fmean(values),
        }

    result = {name: column(name) for name in ("wall_ms", "cpu_ms", "queries", "db_ms", "bytes")}
    result["pg_cpu_ms_mean"] = backend_ms / len(rows) if backend_ms is not None else None
    return result


def print_summary(result, facts, count):
    print(
        f"database: {facts['vendor']} {facts['name']}; {facts['published']:,} published "
        f"stories of {facts['articles']:,}; {count} long-tail stories rendered once each"
    )
    print(f"{'per render':<28} {'median':>9} {'p90':>9} {'mean':>9}")
    for name, label in [
        ("wall_ms", "wall ms"),
        ("cpu_ms", "app CPU ms"),
        ("db_ms", "database wait ms (app side)"),
        ("queries", "queries"),
        ("bytes", "bytes"),
    ]:
        row = result[name]
        print(f"{label:<28} {row['median']:>9.1f} {row['p90']:>9.1f} {row['mean']:>9.1f}")
    pg = result["pg_cpu_ms_mean"]
    print(f"{'PostgreSQL CPU ms (mean)':<28} {'':>9} {'':>9} {pg:>9.1f}" if pg is not None else "")
    if pg is not None:
        total = result["cpu_ms"]["mean"] + pg
        print(f"{'app + PostgreSQL CPU ms':<28} {'':>9} {'':>9} {total:>9.1f}")


def print_queries(timer, count):
    print(f"\n{'calls/render':>12} {'ms/render':>10}  query")
    kinds = sorted(timer.by_kind.items(), key=lambda item: -item[1][1])
    for sql, (calls, seconds) in kinds[:20]:
        print(f"{calls / count:>12.2f} {seconds * 1000 / count:>10.2f}  {sql}")


def print_profile(profiler, lines):
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("cumulative").print_stats(lines)
    print("\n" + out.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=300, help="stories rendered (300)")
    parser.add_argument("--seed", type=int, default=20, help="which stories (20)")
    parser.add_argument("--profile", action="store_true", help="cProfile's top functions")
    parser.add_argument("--profile-lines", type=int, default=45)
    parser.add_argument("--queries", action="store_true", help="time per kind of query")
    parser.add_argument("--json", action="store_true", help="the figures as JSON")
    args = parser.parse_args()

    facts = inprocess.database_facts()
    urls = long_tail(args.stories, args.seed)
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        render_all(urls[:WARM_UP], timer)
        timer.by_kind.clear()
        profiler = cProfile.Profile() if args.profile else None
        backend_before = backend_cpu_ms()
        rows = render_all(urls[WARM_UP:], timer, profiler)
        backend_after = backend_cpu_ms()
    backend = None if backend_before is None else backend_after - backend_before
    result = summary(rows, backend)
    if args.json:
        print(json.dumps({"database": facts, "stories": len(rows), "per_render": result}))
        return
    print_summary(result, facts, len(rows))
    if args.queries:
        print_queries(timer, len(rows))
    if profiler:
        print_profile(profiler, args.profile_lines)


if __name__ == "__main__":
    main()
