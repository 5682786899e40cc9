"""The editor of bench/publishing_day.py, run with the code tree being measured (cwd and
sys.path: that tree; settings and services: the bench's production environment).

    python -m bench.standfirst_saver choose --stories 5000 --seed 20 > stories.json
    python -m bench.standfirst_saver save --stories stories.json --every 10 --count 6 \
        --counter KEY

`choose` prints the database's facts and a seeded random choice of published stories (pk
and address) as JSON. `save` prints "ready", then saves the standfirst (Article.dek) of a
different random story of those every `--every` seconds (the first after half of that),
`--count` times, through the model's save() as the admin does (every signal fires), with a
text that changes each time; it INCRs `--counter` in Redis after each save and prints one
line per save. On SIGTERM (or SIGINT: a Ctrl-C reaches the whole process group, and
publishing_day.py then sends SIGTERM) it puts back every standfirst it changed, saved the
same way, and stops.
"""

import argparse
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

import django


def choose(args):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from articles.models import Article

    published = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    chosen = sorted(random.Random(args.seed).sample(published, min(args.stories, len(published))))
    stories = [
        {"pk": article.pk, "path": article.get_absolute_url()}
        for article in Article.objects.filter(pk__in=chosen).order_by("pk")
    ]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    known = set(executor.loader.disk_migrations)
    applied = set(executor.loader.applied_migrations)
    facts = {
        "database": connection.settings_dict["NAME"],
        "stories": Article.objects.count(),
        "published": len(published),
        "unapplied_migrations": [f"{m.app_label}.{m.name}" for m, _ in plan],
        "unknown_migrations": sorted(f"{app}.{name}" for app, name in applied - known),
    }
    json.dump({"facts": facts, "stories": stories}, sys.stdout)


def save(args):
    import redis

    from articles.models import Article

    stories = [story["pk"] for story in json.loads(Path(args.stories).read_text())["stories"]]
    counter = redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=10)
    choice = random.Random(args.seed)
    originals = {}
    stopping = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda signum, frame: stopping.append(signum))
    print("ready", flush=True)
    # Half a period in: with slices as long as the period, each has its save in its middle.
    due = time.monotonic() + args.every / 2
    saves = 0
    while not stopping and saves < args.count:
        while not stopping and time.monotonic() < due:
            time.sleep(min(0.1, max(0, due - time.monotonic())))
        if stopping:
            break
        pk = choice.choice([pk for pk in stories if pk not in originals] or stories)
        article = Article.objects.get(pk=pk)
        originals.setdefault(pk, article.dek)
        saves += 1
        article.dek = f"{originals[pk][:360]} (Updated: edit {saves}, {time.strftime('%X')}.)"
        started = time.monotonic()
        article.save()
        took = (time.monotonic() - started) * 1000
        counter.incr(args.counter)
        print(f"saved {pk} in {took:.0f} ms", flush=True)
        due += args.every
    while not stopping:
        time.sleep(0.1)
    for pk, dek in originals.items():
        article = Article.objects.get(pk=pk)
        article.dek = dek
        article.save()
    print(f"put back {len(originals)} standfirsts", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("job", choices=["choose", "save"])
    parser.add_argument("--stories", help="choose: how many; save: the file `choose` wrote")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--every", type=float, default=10, help="seconds between saves")
    parser.add_argument("--count", type=int, default=6, help="saves, then wait for SIGTERM")
    parser.add_argument("--counter", help="the Redis key to INCR after each save")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    if args.job == "choose":
        args.stories = int(args.stories)
        choose(args)
    else:
        save(args)


if __name__ == "__main__":
    main()
