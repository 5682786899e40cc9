"""The fundraising desk at scale: query count and time of each admin page it uses.

Run against a scratch database, never the live one; `--pledges N` first tops the database
up to N pledges (spread over 365 days, 85% attributed to published stories, across 12
campaigns), then every page is timed:

    createdb -h 127.0.0.1 -U postgres newsroom_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench
    .venv/bin/python manage.py migrate && DJANGO_DEBUG=1 .venv/bin/python manage.py seed_demo
    .venv/bin/python bench/fundraising_desk.py --pledges 100000 [--repeat 10]

Never part of the test suite; the tests bound the query counts, this prints the figures.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402
from donations.models import AppealStat, Campaign, Frequency, Pledge  # noqa: E402

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


def pages():
    some_article = Pledge.objects.filter(article__isnull=False).values_list("article", flat=True)
    campaign = Campaign.objects.order_by("pk").first()
    changelist = reverse("admin:donations_pledge_changelist")
    return {
        "campaign list": reverse("admin:donations_campaign_changelist"),
        "campaign change": reverse("admin:donations_campaign_change", args=[campaign.pk]),
        "pledge list": changelist,
        "pledges, filtered": f"{changelist}?status__exact=fulfilled&frequency__exact=monthly"
        f"&campaign__id__exact={campaign.pk}",
        "pledges, one story": f"{changelist}?article__id__exact={some_article.first()}",
        "pledges, search": f"{changelist}?q=donor1",
        "dashboard 30 d": reverse("admin:donations_dashboard") + "?days=30",
        "dashboard 365 d": reverse("admin:donations_dashboard") + "?days=365",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pledges", type=int, default=0, help="top the database up to this")
    parser.add_argument("--repeat", type=int, default=10, help="requests per page")
    args = parser.parse_args()
    top_up(args.pledges)
    user = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-admin", "bench@example.org", None
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    print(
        f"database: {connection.vendor}; {Pledge.objects.count():,} pledges, "
        f"{Campaign.objects.count()} campaigns, {Article.objects.count():,} stories"
    )
    print(f"{'page':<20} {'status':>6} {'queries':>8} {'median ms':>10} {'max ms':>8}")
    for name, url in pages().items():
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries)
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        print(
            f"{name:<20} {response.status_code:>6} {query_count:>8} "
            f"{statistics.median(timings):>10.1f} {max(timings):>8.1f}"
        )


if __name__ == "__main__":
    main()
