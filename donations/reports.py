"""What the fundraising desk reads: the dashboard's aggregate queries and the pledge CSV.

Each query here is one aggregate query, whatever the number of campaigns, stories and
pledges. Cancelled pledges are left out everywhere, as in Campaign.objects.with_totals().
"""

import csv
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from donations.models import AppealStat, Campaign, Pledge
from donations.money import CURRENCY_SYMBOLS, format_money, money_sum, progress_percent
from newsroom.serving.public_urls import absolute_url

PERIODS = [30, 90, 365]


def period_start(days, now=None):
    """The start of the local day `days - 1` days ago: "the last 30 days" includes today."""
    today = timezone.localdate(now or timezone.now())
    first_day = today - timedelta(days=days - 1)
    return timezone.make_aware(datetime.combine(first_day, time.min))


def campaign_figures(campaign):
    """A campaign's totals (from with_totals()) as text in its currency, and its progress:
    pledged ("raised"), the money received, its fees and what is left (net)."""
    money = {
        name: format_money(getattr(campaign, name), campaign.currency)
        for name in [
            "raised",
            "fulfilled",
            "received",
            "fees",
            "net",
            "one_time_total",
            "recurring_total",
        ]
    }
    return {
        **money,
        "monthly_recurring": format_money(campaign.monthly_recurring, campaign.currency),
        "goal": format_money(campaign.goal, campaign.currency) if campaign.goal else "",
        "percent": progress_percent(campaign.raised, campaign.goal),
    }


# The dashboard ---------------------------------------------------------------------------


def pledges_per_day(since):
    """[(date, count)] for every local day from `since` to today, days without pledges at 0."""
    counts = dict(
        Pledge.objects.counted()
        .filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    first, last = timezone.localdate(since), timezone.localdate()
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0))
        for n in range((last - first).days + 1)
    ]


def campaigns_running(since):
    """Campaigns that ran at some time since `since`, with their all-time totals."""
    return (
        Campaign.objects.with_totals()
        .filter(starts_at__lte=timezone.now())
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gte=since))
    )


@dataclass
class Bar:
    """One day's bar in the chart's coordinates."""

    day: object
    count: int
    x: float
    y: float
    width: float
    height: float


CHART_WIDTH, CHART_HEIGHT = 1000, 230
CHART_TOP, CHART_BASELINE, CHART_LEFT = 10, 200, 44


@dataclass
class DayChart:
    """Pledges per day as SVG geometry: bars, gridlines and a few date labels."""

    bars: list
    gridlines: list
    labels: list
    total: int
    busiest: tuple | None
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_LEFT
    baseline: int = CHART_BASELINE


def _axis_top(peak):
    """A round top for the y axis, at or above the peak, and its step (a fifth of it)."""
    step = 1
    while step * 5 < peak:
        # 1, 2, 5, 10, 20, 50, 100, ...
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return step * 5, step


def day_chart(per_day):
    """Geometry for a bar chart of [(date, count)], scaled to a 1000 × 230 viewBox."""
    peak = max((count for _, count in per_day), default=0)
    top, step = _axis_top(max(peak, 1))
    plot_width = CHART_WIDTH - CHART_LEFT - 6
    plot_height = CHART_BASELINE - CHART_TOP
    slot = plot_width / max(len(per_day), 1)
    bars = []
    for n, (day, count) in enumerate(per_day):
        height = round(plot_height * count / top, 2)
        bars.append(
            Bar(
                day=day,
                count=count,
                x=round(CHART_LEFT + n * slot + slot * 0.1, 2),
                y=round(CHART_BASELINE - height, 2),
                width=round(max(slot * 0.8, 1), 2),
                height=height,
            )
        )
    gridlines = [
        (value, round(CHART_BASELINE - plot_height * value / top, 2))
        for value in range(0, top + 1, step)
    ]
    # About six dates along the bottom, always the first and the last.
    every = max(1, round(len(bars) / 5))
    shown = list(range(0, len(bars), every))
    if shown and shown[-1] != len(bars) - 1:
        if len(shown) > 1 and len(bars) - 1 - shown[-1] < every / 2:
            shown.pop()  # too close to the last day's label
        shown.append(len(bars) - 1)
    labels = [(bars[n].day, round(bars[n].x + bars[n].width / 2, 2)) for n in shown]
    busiest = max(per_day, key=lambda pair: pair[1]) if peak else None
    return DayChart(
        bars=bars,
        gridlines=gridlines,
        labels=labels,
        total=sum(count for _, count in per_day),
        busiest=busiest,
    )


@dataclass
class ArticlePerformance:
    """One story's pledges, amounts (per currency) and appeal views over a period."""

    article_id: int
    headline: str
    pledges: int
    amounts: dict
    views: int

    @property
    def has_enough_views(self):
        """Enough appeal views for a rate to mean something (NEWSROOM_RATE_MIN_VIEWS)."""
        return self.views > 0 and self.views >= settings.NEWSROOM_RATE_MIN_VIEWS

    @property
    def per_thousand_views(self):
        """Pledges per thousand appeal views; None below has_enough_views."""
        if not self.has_enough_views:
            return None
        return Decimal(self.pledges * 1000) / Decimal(self.views)

    @property
    def amount_display(self):
        return " + ".join(
            format_money(amount, currency) for currency, amount in self.amounts.items() if amount
        )


def article_performance(since, limit=25):
    """The stories that brought the most pledges since `since`, with the appeal views they
    had in the same days. Amounts are summed per currency, never across currencies.

    Two queries: pledges grouped by story (the pledge index on story and time), then the
    views of just those stories. One query joining both tables would multiply the rows.
    """
    amounts = {
        f"amount_{code}": money_sum("amount", condition=Q(currency=code))
        for code in CURRENCY_SYMBOLS
    }
    rows = list(
        Pledge.objects.counted()
        .filter(created_at__gte=since, article__isnull=False)
        .values("article_id", "article__headline")
        .annotate(pledge_count=Count("pk"), **amounts)
        .order_by("-pledge_count", "-article_id")[:limit]
    )
    views = (
        dict(
            AppealStat.objects.filter(
                article_id__in=[row["article_id"] for row in rows],
                day__gte=timezone.localdate(since),
            )
            .order_by()
            .values("article_id")
            .annotate(total=Sum("views"))
            .values_list("article_id", "total")
        )
        if rows
        else {}
    )
    return [
        ArticlePerformance(
            article_id=row["article_id"],
            headline=row["article__headline"],
            pledges=row["pledge_count"],
            amounts={code: row[f"amount_{code}"] for code in CURRENCY_SYMBOLS},
            views=views.get(row["article_id"], 0),
        )
        for row in rows
    ]


# The CSV export --------------------------------------------------------------------------

CSV_HEADER = [
    "Reference",
    "Created",
    "Campaign",
    "Amount",
    "Currency",
    "Frequency",
    "Status",
    "Donor name",
    "E-mail",
    "Listed publicly",
    "Source article",
    "Source article URL",
    "Message",
]

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet shows as text: a leading formula character gets a `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def pledge_rows(pledges):
    """The header, then one row per pledge, every cell safe to open in a spreadsheet."""
    yield CSV_HEADER
    article_urls = {}
    for pledge in pledges.select_related("campaign", "article").iterator(chunk_size=2000):
        article = pledge.article
        if article is not None and article.pk not in article_urls:
            article_urls[article.pk] = absolute_url(article.get_absolute_url())
        row = [
            pledge.reference,
            timezone.localtime(pledge.created_at).isoformat(sep=" ", timespec="seconds"),
            pledge.campaign.name,
            str(pledge.amount),
            pledge.currency,
            pledge.get_frequency_display(),
            pledge.get_status_display(),
            pledge.donor_name,
            pledge.email,
            "yes" if pledge.is_public else "no",
            article.headline if article else "",
            article_urls[article.pk] if article else "",
            pledge.message,
        ]
        yield [spreadsheet_safe(cell) for cell in row]


class _Echo:
    """A file-like object whose write() hands back the line, for streaming."""

    def write(self, value):
        return value


def csv_lines(rows):
    """Rows as CSV text, line by line; the byte-order mark tells Excel it is UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)
