"""The admin at scale: query count and time of the newsroom's and the desk's busiest pages.

Run against a scratch database, never the live one (DATABASE_URL), best one made by
`manage.py generate_content --articles 100000 --pledges 1000000` (see bench/README.md):

    .venv/bin/python bench/admin_scale.py [--repeat 10] [--only articles|desk] [--json]

Logged in as a superuser (the first one, or `bench-admin`, created without a password)
through Django's test client in this process: every page is requested once to warm up,
once more to count its queries, then `--repeat` times for the median and 90th percentile.
Never part of the test suite; the tests bound the query counts, this prints the figures.
"""

import argparse
import json
from datetime import timedelta

import inprocess  # first: sets Django up
from django.contrib.auth.models import User
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from articles.models import Article, Quote, Section
from donations.models import Campaign, Frequency, Pledge

# Targets the figures are held to (the performance issue), on the median.
ADMIN_MS = 300
DASHBOARD_MS = 500


def article_pages():
    """The article list (plain, searched, filtered) and the form of a story with quotes."""
    changelist = reverse("admin:articles_article_changelist")
    busiest = Quote.objects.values("article").annotate(n=Count("pk")).order_by("-n").first()
    story = Article.objects.get(pk=busiest["article"]) if busiest else Article.objects.first()
    section = Section.objects.order_by("pk").first()
    filters = {"status__exact": "published"}
    if section:
        filters["section__id__exact"] = section.pk
    return {
        "articles: list": changelist,
        "articles: search": f"{changelist}?{urlencode({'q': inprocess.common_headline_word()})}",
        "articles: filtered": f"{changelist}?{urlencode(filters)}",
        "article: change form": reverse("admin:articles_article_change", args=[story.pk]),
    }


def desk_pages():
    """The pledge list with each filter, an e-mail and a name search, campaigns, the
    dashboard."""
    changelist = reverse("admin:donations_pledge_changelist")
    campaign = (
        Campaign.objects.order_by("-totals__pledge_count", "pk").first()
        if Pledge.objects.exists()
        else Campaign.objects.order_by("pk").first()
    )
    # As the admin's own "date pledged" links write them: midnight, with the time zone.
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    date_range = {
        "created_at__gte": str(midnight - timedelta(days=60)),
        "created_at__lt": str(midnight - timedelta(days=30)),
    }
    latest = Pledge.objects.exclude(email="").order_by("-pk").values("email", "donor_name")[:1]
    email = [row["email"] for row in latest]
    surname = [row["donor_name"].split()[-1] for row in latest if row["donor_name"]]
    every_filter = {
        "status__exact": Pledge.Status.FULFILLED,
        "campaign__id__exact": campaign.pk,
        "frequency__exact": Frequency.MONTHLY,
        **date_range,
    }

    def pledges(**filters):
        return f"{changelist}?{urlencode(filters)}"

    dashboard = reverse("admin:donations_dashboard")
    return {
        "pledges: list": changelist,
        "pledges: status": pledges(status__exact=Pledge.Status.FULFILLED),
        "pledges: campaign": pledges(campaign__id__exact=campaign.pk),
        "pledges: frequency": pledges(frequency__exact=Frequency.MONTHLY),
        "pledges: date range": pledges(**date_range),
        "pledges: every filter": pledges(**every_filter),
        "pledges: e-mail search": pledges(q=email[0] if email else "donor@example.org"),
        "pledges: name search": pledges(q=surname[0] if surname else "Rosen"),
        "campaigns: list": reverse("admin:donations_campaign_changelist"),
        "campaign: totals": reverse("admin:donations_campaign_change", args=[campaign.pk]),
        "dashboard 30 d": f"{dashboard}?days=30",
        "dashboard 365 d": f"{dashboard}?days=365",
    }


def superuser_client():
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        user = User.objects.create_superuser("bench-admin", "bench@example.org", None)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def time_target(name, row):
    limit = DASHBOARD_MS if name.startswith("dashboard") else ADMIN_MS
    return f"median < {limit} ms", row["status"] == 200 and row["median_ms"] < limit


def measure(pages, repeat):
    client = superuser_client()
    return inprocess.measure_pages(client, pages, repeat=repeat, target=time_target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="requests per page (default 10)")
    parser.add_argument("--only", choices=["articles", "desk"], help="one half of the pages")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    pages = {}
    if args.only != "desk":
        pages.update(article_pages())
    if args.only != "articles":
        pages.update(desk_pages())
    facts = inprocess.database_facts()
    rows = measure(pages, args.repeat)
    if args.json:
        print(json.dumps({"database": facts, "pages": rows}))
        return
    print(
        f"database: {facts['vendor']} {facts['name']}; {facts['articles']:,} stories, "
        f"{facts['pledges']:,} pledges, {facts['campaigns']} campaigns"
    )
    inprocess.print_table(rows)


if __name__ == "__main__":
    main()
