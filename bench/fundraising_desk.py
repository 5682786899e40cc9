"""The fundraising desk at scale: query count and time of each admin page it uses.

Run against a scratch database, never the live one; `--pledges N` first tops the database
up to N pledges (spread over 365 days, 85% attributed to published stories, across 12
campaigns), then the desk's pages are timed as bench/admin_scale.py times them (`--only desk`
there measures the same pages without topping up):

    createdb -h 127.0.0.1 -U postgres newsroom_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench
    .venv/bin/python manage.py migrate && DJANGO_DEBUG=1 .venv/bin/python manage.py seed_demo
    .venv/bin/python bench/fundraising_desk.py --pledges 100000 [--repeat 10]

For the full data set (a million pledges) use `manage.py generate_content` instead (see
bench/README.md). Never part of the test suite; the tests bound the query counts, this
prints the figures.
"""

import argparse
import random
import time
from datetime import timedelta
from decimal import Decimal

import admin_scale  # first: sets Django up (through bench/inprocess.py)
import inprocess
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from donations.models import AppealStat, Campaign, Frequency, Pledge

BATCH = 5000


def top_up(target):
    """Add pledges (and appeal counts) until the database holds `target` pledges."""
    missing = target - Pledge.objects.count()
    if missing <= 0:
        return
    rng = random.Random(target)
    now = timezone.now()
    campaigns = list(Campaign.objects.all())
    for n in range(len(campaigns), 12):
        campaigns.append(
            Campaign.objects.create(
                name=f"Bench campaign {n}",
                slug=f"bench-campaign-{n}",
                appeal_headline="Support our reporting",
                goal=Decimal(50000),
                starts_at=now - timedelta(days=400),
                priority=-n,
            )
        )
    stories = list(Article.objects.published().values_list("pk", flat=True))
    started = time.perf_counter()
    made = 0
    while made < missing:
        size = min(BATCH, missing - made)
        pledges = [
            Pledge(
                campaign=rng.choice(campaigns),
                amount=Decimal(rng.choice([10, 18, 25, 36, 50, 100, 180, 250])),
                currency="USD",
                frequency=rng.choice(list(Frequency)),
                donor_name=f"Bench donor {made + i}",
                email=f"donor{(made + i) % (target // 3 + 1)}@example.org",
                status=rng.choices(list(Pledge.Status), weights=[30, 62, 8])[0],
                article_id=rng.choice(stories) if stories and rng.random() < 0.85 else None,
                created_at=now - timedelta(seconds=rng.randrange(365 * 86400)),
            )
            for i in range(size)
        ]
        with transaction.atomic():
            Pledge.objects.bulk_create(pledges, batch_size=1000)
        made += size
        print(f"\r  pledges: {made:,}/{missing:,}", end="", flush=True)
    stats = {}
    for pledge in (
        Pledge.objects.filter(article__isnull=False)
        .values("campaign_id", "article_id", "created_at__date")
        .distinct()[:200_000]
    ):
        key = (pledge["campaign_id"], pledge["article_id"], pledge["created_at__date"])
        stats[key] = rng.randrange(60, 160)
    AppealStat.objects.all().delete()
    AppealStat.objects.bulk_create(
        (
            AppealStat(campaign_id=c, article_id=a, day=d, views=v, clicks=v // 25)
            for (c, a, d), v in stats.items()
        ),
        batch_size=2000,
    )
    print(f"\n  added {missing:,} pledges in {time.perf_counter() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pledges", type=int, default=0, help="top the database up to this")
    parser.add_argument("--repeat", type=int, default=10, help="requests per page")
    args = parser.parse_args()
    top_up(args.pledges)
    facts = inprocess.database_facts()
    print(
        f"database: {facts['vendor']} {facts['name']}; {facts['pledges']:,} pledges, "
        f"{facts['campaigns']} campaigns, {facts['articles']:,} stories"
    )
    inprocess.print_table(admin_scale.measure(admin_scale.desk_pages(), args.repeat))


if __name__ == "__main__":
    main()
