"""donations/reports.py and payment_reports.py: spreadsheet-safe cells, the CSV through the
admin, the dashboard's queries on hand-checked numbers and moments."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from donations import payment_reports, reports
from donations.models import (
    AppealStat,
    Frequency,
    PaymentAttempt,
    Pledge,
    PledgeStatusChange,
    new_reference,
)
from tests.donations.exports import export_rows
from tests.factories import make_article, make_campaign, make_pledge, make_user

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]


@pytest.mark.parametrize("prefix", DANGEROUS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_spreadsheet_safe_neutralises_each_formula_prefix(prefix):
    value = f'{prefix}HYPERLINK("http://evil.example")'
    assert reports.spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Dana", "", "18.00", "a=b", " =1", "'quoted"])
def test_spreadsheet_safe_leaves_ordinary_text_alone(value):
    assert reports.spreadsheet_safe(value) == value


@pytest.mark.parametrize("value", [None, 18, Decimal("18.5")])
def test_spreadsheet_safe_leaves_non_text_alone(value):
    assert reports.spreadsheet_safe(value) == value


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", DANGEROUS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_exported_csv_neutralises_donor_text(client, prefix, run_tasks):
    campaign = make_campaign(name=f"{prefix}Campaign")
    article = make_article(headline=f"{prefix}Headline")
    make_pledge(
        campaign,
        donor_name=f"{prefix}cmd|' /C calc'!A0",
        email="donor@example.org",
        message=f"{prefix}SUM(A1:A9)",
        article=article,
    )
    client.force_login(make_user("fundraiser"))
    (row,) = export_rows(client, run_tasks)
    assert row["Donor name"] == f"'{prefix}cmd|' /C calc'!A0"
    assert row["Message"] == f"'{prefix}SUM(A1:A9)"
    assert row["Campaign"] == f"'{prefix}Campaign"
    assert row["Source article"] == f"'{prefix}Headline"
    assert row["E-mail"] == "donor@example.org"


def test_csv_lines_start_with_a_byte_order_mark_and_quote_properly():
    lines = list(reports.csv_lines([["a", 'say "hi"', "x,y"], ["1", "2", "3"]]))
    assert lines[0] == "\ufeff"
    assert lines[1] == 'a,"say ""hi""","x,y"\r\n'


def test_period_start_includes_today():
    now = timezone.now()
    start = reports.period_start(30, now)
    assert timezone.localdate(now) - timezone.localdate(start) == timedelta(days=29)
    assert timezone.localtime(start).time() == timezone.datetime.min.time()


@pytest.mark.parametrize(
    ("peak", "top", "step"),
    [(0, 5, 1), (1, 5, 1), (5, 5, 1), (6, 10, 2), (24, 25, 5), (26, 50, 10), (180, 250, 50)],
)
def test_chart_axis_is_round_and_covers_the_peak(peak, top, step):
    assert reports._axis_top(peak) == (top, step)


def test_day_chart_geometry():
    today = timezone.localdate()
    per_day = [(today - timedelta(days=2), 2), (today - timedelta(days=1), 0), (today, 4)]
    chart = reports.day_chart(per_day)
    assert chart.total == 6
    assert chart.busiest == (today, 4)
    assert [bar.count for bar in chart.bars] == [2, 0, 4]
    tall, empty, taller = chart.bars
    assert empty.height == 0
    assert taller.height == pytest.approx(2 * tall.height)
    assert all(bar.y + bar.height == pytest.approx(chart.baseline) for bar in chart.bars)
    assert tall.x < empty.x < taller.x
    assert [day for day, _ in chart.labels][0] == per_day[0][0]
    assert [day for day, _ in chart.labels][-1] == today


@pytest.mark.parametrize("days", [30, 90, 365])
def test_day_chart_labels_never_crowd(days):
    today = timezone.localdate()
    per_day = [(today - timedelta(days=n), n % 3) for n in reversed(range(days))]
    labels = reports.day_chart(per_day).labels
    assert 4 <= len(labels) <= 7
    gaps = [b - a for (_, a), (_, b) in zip(labels, labels[1:], strict=False)]
    assert min(gaps) > 60  # in the 1000-wide viewBox: room for "12 May"


@pytest.mark.django_db
class TestQueries:
    def test_pledges_per_day_counts_local_days_and_fills_gaps(self):
        now = timezone.now()
        campaign = make_campaign()
        make_pledge(campaign, created_at=now)
        make_pledge(campaign, created_at=now)
        make_pledge(campaign, created_at=now - timedelta(days=2))
        make_pledge(campaign, created_at=now - timedelta(days=2), status=Pledge.Status.CANCELLED)
        make_pledge(campaign, created_at=now - timedelta(days=40))  # before the period
        per_day = reports.pledges_per_day(reports.period_start(30))
        assert len(per_day) == 30
        assert per_day[-1] == (timezone.localdate(now), 2)
        assert per_day[-3] == (timezone.localdate(now - timedelta(days=2)), 1)
        assert sum(count for _, count in per_day) == 3

    def test_article_performance_numbers(self):
        now = timezone.now()
        since = reports.period_start(30)
        usd, eur = make_campaign(currency="USD"), make_campaign(currency="EUR")
        ferry, bridge, quiet = (
            make_article(headline="Ferry"),
            make_article(headline="Bridge"),
            make_article(headline="Quiet"),
        )
        make_pledge(usd, article=ferry, amount=Decimal("18"))
        make_pledge(usd, article=ferry, amount=Decimal("50"), frequency=Frequency.ONE_TIME)
        make_pledge(eur, article=ferry, amount=Decimal("10"))
        make_pledge(usd, article=ferry, amount=Decimal("99"), status=Pledge.Status.CANCELLED)
        make_pledge(usd, article=ferry, amount=Decimal("7"), created_at=now - timedelta(days=45))
        make_pledge(usd, article=bridge, amount=Decimal("36"))
        make_pledge(usd, amount=Decimal("500"))  # direct: no story
        today = timezone.localdate()
        AppealStat.objects.create(campaign=usd, article=ferry, day=today, views=1500)
        AppealStat.objects.create(campaign=eur, article=ferry, day=today, views=500)
        AppealStat.objects.create(
            campaign=usd, article=ferry, day=today - timedelta(days=45), views=9000
        )
        AppealStat.objects.create(campaign=usd, article=quiet, day=today, views=800)

        rows = reports.article_performance(since)

        assert [row.headline for row in rows] == ["Ferry", "Bridge"]
        first, second = rows
        assert first.pledges == 3
        assert first.views == 2000
        assert first.amounts["USD"] == Decimal("68")
        assert first.amounts["EUR"] == Decimal("10")
        assert first.amount_display == "$68 + €10"
        assert first.per_thousand_views == Decimal("1.5")
        assert (second.pledges, second.views, second.per_thousand_views) == (1, 0, None)
        assert second.amount_display == "$36"

    def test_article_performance_limit(self):
        campaign = make_campaign()
        for n in range(5):
            article = make_article()
            for _ in range(n + 1):
                make_pledge(campaign, article=article)
        rows = reports.article_performance(reports.period_start(30), limit=3)
        assert [row.pledges for row in rows] == [5, 4, 3]

    def test_campaigns_running_in_the_period(self):
        now = timezone.now()
        running = make_campaign(name="Running")
        make_campaign(
            name="Long over", starts_at=now - timedelta(days=100), ends_at=now - timedelta(days=60)
        )
        recently = make_campaign(
            name="Ended last week",
            starts_at=now - timedelta(days=60),
            ends_at=now - timedelta(days=7),
        )
        make_campaign(name="Not yet", starts_at=now + timedelta(days=3))
        names = {c.name for c in reports.campaigns_running(reports.period_start(30))}
        assert names == {running.name, recently.name}


def test_references_read_the_same_in_the_csv_as_on_the_receipt():
    """One in 64 references used to start with "-", which the CSV must quote as a formula."""
    references = [new_reference() for _ in range(2000)]
    assert [r for r in references if reports.spreadsheet_safe(r) != r] == []


# donations/payment_reports.py: the dashboard's money sections on hand-made moments --------


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        ("2026-12-06", "2026-01-01", "2027-01-01"),  # this December, then next January
        ("2027-01-15", "2026-02-01", "2027-02-01"),  # back across the year
        ("2026-03-31", "2025-04-01", "2026-04-01"),
    ],
)
def test_month_starts_cross_the_year(today, first, last, settings):
    settings.TIME_ZONE = "America/New_York"
    now = timezone.make_aware(datetime.fromisoformat(today + " 12:00"))
    starts = payment_reports.month_starts(12, now)
    assert len(starts) == 13
    assert (str(timezone.localdate(starts[0])), str(timezone.localdate(starts[-1]))) == (
        first,
        last,
    )
    # Local midnights: 05:00 UTC in New York's winter, 04:00 in its summer.
    assert all(timezone.localtime(start).hour == 0 for start in starts)


@pytest.mark.django_db
def test_churn_counts_gifts_active_before_the_pledges_had_history():
    """A pledge created active (no history row, as imports and the demo make them) counts
    from its creation; a move into "active" counts from its time."""
    now = timezone.make_aware(datetime(2026, 6, 15, 12))
    make_pledge(status=Pledge.Status.ACTIVE, created_at=now - timedelta(days=200))
    late = make_pledge(status=Pledge.Status.ACTIVE, created_at=now - timedelta(days=200))
    PledgeStatusChange.objects.create(
        pledge=late,
        from_status=Pledge.Status.PLEDGED,
        to_status=Pledge.Status.ACTIVE,
        changed_at=timezone.make_aware(datetime(2026, 5, 20)),
    )
    make_pledge(
        status=Pledge.Status.ACTIVE,
        frequency=Frequency.ONE_TIME,  # never recurring: never counted
        created_at=now - timedelta(days=200),
    )
    months = {m.month.isoformat(): m for m in payment_reports.churn(3, now)}
    assert {key: m.active_at_start for key, m in months.items()} == {
        "2026-04-01": 1,
        "2026-05-01": 1,
        "2026-06-01": 2,
    }
    assert all(m.cancelled == 0 and m.rate == 0 for m in months.values())


@pytest.mark.django_db
def test_attempts_per_hour_are_the_last_24_local_hours():
    now = timezone.now()
    PaymentAttempt.objects.create(outcome="declined", attempted_at=now - timedelta(hours=23))
    PaymentAttempt.objects.create(outcome="declined", attempted_at=now - timedelta(hours=25))
    hours = payment_reports.attempts_per_hour(now)
    assert len(hours) == 24
    assert hours[-1][0] <= now < hours[-1][0] + timedelta(hours=1)
    assert hours[0][1] == {"declined": 1}
    assert sum(outcomes.get("declined", 0) for _, outcomes in hours) == 1
