"""The dashboard's money sections, read as a fundraiser reads them: failed payments to
follow up, lapsed donors and their CSV, churn per month, declined card attempts per hour."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from donations import ledger, payment_reports
from donations.models import Frequency, PaymentAttempt, Pledge, PledgeStatusChange
from tests.donations.test_dashboard import table
from tests.factories import ROLES, login, make_campaign, make_pledge

pytestmark = pytest.mark.django_db

DASHBOARD = "admin:donations_dashboard"
LAPSED_CSV = "admin:donations_lapsed_csv"
S = Pledge.Status


def read_csv(response):
    """The rows of a streamed CSV download, header first."""
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def ago(**delta):
    return timezone.now() - timedelta(**delta)


def paid(pledge, n, when, amount=None):
    return ledger.gift_paid(
        pledge,
        why="invoice.paid",
        amount=amount or pledge.amount,
        stripe_invoice_id=f"in_{pledge.pk}_{n}",
        received_at=when,
    )


def failed(pledge, n, when, message="Your card was declined."):
    return ledger.gift_failed(
        pledge,
        why="invoice.payment_failed",
        amount=pledge.amount,
        stripe_invoice_id=f"in_{pledge.pk}_{n}",
        received_at=when,
        failure_message=message,
    )


class TestFailedPaymentsToFollowUp:
    @pytest.fixture
    def gifts(self):
        campaign = make_campaign(name="Spring drive")
        still = make_pledge(campaign, donor_name="Still Due", status=S.ACTIVE)
        failed(still, 1, ago(days=3), "Insufficient funds.")
        failed(still, 2, ago(days=1), "Your card has expired.")
        recovered = make_pledge(campaign, donor_name="Paid Again", status=S.ACTIVE)
        failed(recovered, 1, ago(days=2))
        paid(recovered, 2, ago(days=1))
        older = make_pledge(campaign, donor_name="Long Ago", status=S.ACTIVE)
        failed(older, 1, ago(days=60))
        return {"still": still, "older": older}

    def test_the_last_failure_of_each_gift_still_past_due(self, fundraiser_client, gifts):
        html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
        rows = table(html, "failed-heading")
        assert [row[0] for row in rows] == ["Still Due"]
        assert rows[0][2:4] == ["Spring drive", "$18/month"]
        assert rows[0][5] == "Your card has expired."
        pledge_url = reverse("admin:donations_pledge_change", args=[gifts["still"].pk])
        assert f'href="{pledge_url}"' in html

    def test_a_longer_period_reaches_older_failures(self, fundraiser_client, gifts):
        html = fundraiser_client.get(reverse(DASHBOARD), {"days": 90}).content.decode()
        assert [row[0] for row in table(html, "failed-heading")] == ["Still Due", "Long Ago"]


class TestLapsedDonors:
    @pytest.fixture
    def gifts(self):
        campaign = make_campaign(name="Spring drive")
        cancelled = make_pledge(
            campaign, donor_name="=HYPERLINK(1)", email="gone@example.org", status=S.ACTIVE
        )
        paid(cancelled, 1, ago(days=40))
        paid(cancelled, 2, ago(days=10), amount=Decimal("18.50"))
        ledger.move_pledge(cancelled, S.CANCELLED, note="customer.subscription.deleted")
        due = make_pledge(campaign, donor_name="Past Due", frequency=Frequency.ANNUAL)
        paid(due, 1, ago(days=300))
        failed(due, 2, ago(days=2))
        never_paid = make_pledge(campaign, donor_name="Never Paid")
        ledger.move_pledge(never_paid, S.CANCELLED)
        one_time = make_pledge(campaign, donor_name="Once", frequency=Frequency.ONE_TIME)
        paid(one_time, 1, ago(days=5))
        ledger.move_pledge(one_time, S.REFUNDED)
        active = make_pledge(campaign, donor_name="Still Giving", status=S.ACTIVE)
        paid(active, 1, ago(days=1))
        return {"cancelled": cancelled, "due": due}

    def test_listed_most_recently_paid_first(self, fundraiser_client, gifts):
        html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
        rows = table(html, "lapsed-heading")
        assert [row[0] for row in rows] == ["=HYPERLINK(1)", "Past Due"]
        assert rows[0][1:4] == ["gone@example.org", "Spring drive", "$18/month"]
        assert rows[0][4].startswith("Cancelled since")
        assert rows[0][6] == "$18.50"
        assert rows[1][4].startswith("Past due")
        assert f'href="{reverse(LAPSED_CSV)}"' in html

    def test_the_csv_has_every_one_safe_for_a_spreadsheet(self, fundraiser_client, gifts):
        response = fundraiser_client.get(reverse(LAPSED_CSV))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv"
        assert 'filename="lapsed-donors-' in response["Content-Disposition"]
        header, *rows = read_csv(response)
        assert header == payment_reports.LAPSED_CSV_HEADER
        assert [row[0] for row in rows] == [
            gifts["cancelled"].reference,
            gifts["due"].reference,
        ]
        first = dict(zip(header, rows[0], strict=True))
        assert first["Donor name"] == "'=HYPERLINK(1)"
        assert first["Status"] == "Cancelled"
        assert first["Last payment amount"] == "18.50"
        assert first["Last payment"].startswith(str(timezone.localdate(ago(days=10))))

    def test_more_than_the_page_shows_are_in_the_csv(self, fundraiser_client, monkeypatch):
        from donations.admin import dashboard

        monkeypatch.setattr(dashboard, "LAPSED_SHOWN", 1)
        campaign = make_campaign()
        for n in range(3):
            pledge = make_pledge(campaign, status=S.ACTIVE)
            paid(pledge, 1, ago(days=n + 1))
            ledger.move_pledge(pledge, S.CANCELLED)
        html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
        assert len(table(html, "lapsed-heading")) == 1
        assert "Download all of them as CSV" in html
        assert len(read_csv(fundraiser_client.get(reverse(LAPSED_CSV)))) == 4


@pytest.mark.parametrize("role", ROLES)
def test_lapsed_csv_permission_matrix(client, role):
    pledge = make_pledge(donor_name="Dana Donor", status=S.ACTIVE)
    paid(pledge, 1, ago(days=1))
    ledger.move_pledge(pledge, S.CANCELLED)
    response = login(client, role).get(reverse(LAPSED_CSV))
    expected = [302, 403, 403, 200, 200][ROLES.index(role)]
    assert response.status_code == expected
    if expected != 200:
        assert b"Dana Donor" not in response.content


def month_start(months_ago):
    starts = payment_reports.month_starts(12)
    return starts[-2 - months_ago]


def moved(pledge, from_status, to_status, at):
    PledgeStatusChange.objects.create(
        pledge=pledge, from_status=from_status, to_status=to_status, changed_at=at
    )


def test_churn_per_month(fundraiser_client):
    """Active at each month's start, from the status history; cancellations of gifts that
    were going (active, past due or paused) in the month."""
    m0, m1, m2, m3 = (month_start(n) for n in range(4))
    long_ago = m3 - timedelta(days=1)
    make_pledge(status=S.ACTIVE, created_at=long_ago, donor_name="A")
    b = make_pledge(status=S.CANCELLED, created_at=long_ago, donor_name="B")
    moved(b, S.ACTIVE, S.CANCELLED, m1 + timedelta(days=3))
    c = make_pledge(status=S.ACTIVE, created_at=long_ago, donor_name="C")
    moved(c, S.PLEDGED, S.ACTIVE, m1 + timedelta(days=2))
    d = make_pledge(status=S.CANCELLED, created_at=m1 + timedelta(days=1), donor_name="D")
    moved(d, S.INCOMPLETE, S.CANCELLED, m1 + timedelta(days=1, hours=1))
    make_pledge(status=S.FULFILLED, frequency=Frequency.ONE_TIME, created_at=long_ago)
    f = make_pledge(status=S.CANCELLED, created_at=long_ago, donor_name="F")
    moved(f, S.ACTIVE, S.PAST_DUE, m1 + timedelta(days=1))
    moved(f, S.PAST_DUE, S.CANCELLED, m0 + timedelta(seconds=1))

    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
    rows = table(html, "churn-heading")
    # Newest first; the months of the year before the first gift are left out.
    assert rows == [
        [f"{m0:%B %Y}", "2", "1", "50.0%"],
        [f"{m1:%B %Y}", "3", "1", "33.3%"],
        [f"{m2:%B %Y}", "3", "0", "0.0%"],
        [f"{m3:%B %Y}", "3", "0", "0.0%"],
    ]


def test_churn_without_recurring_gifts(fundraiser_client):
    make_pledge(status=S.FULFILLED, frequency=Frequency.ONE_TIME)
    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
    assert "No monthly or annual gift has been active in the last year." in html


def test_declined_attempts_per_hour(fundraiser_client):
    now = timezone.now()
    for _ in range(5):
        PaymentAttempt.objects.create(outcome="declined", code="card_declined", attempted_at=now)
    PaymentAttempt.objects.create(outcome="refused", attempted_at=now)
    PaymentAttempt.objects.create(outcome="succeeded", attempted_at=now)
    for _ in range(2):
        PaymentAttempt.objects.create(outcome="declined", attempted_at=now - timedelta(hours=3))
    PaymentAttempt.objects.create(outcome="declined", attempted_at=now - timedelta(hours=30))

    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
    assert "<strong>7 declined</strong> in the last 24 hours" in html
    section = html[html.index('id="declines-heading"') :]
    assert section.count("<rect ") == 24
    title = '<title id="declines-chart-title">Declined card attempts per hour, last 24 hours'
    assert title in section
    hours = html[html.index('id="attempts-table"') :]
    hours = hours[: hours.index("</table>")]
    rows = table(f'<i id="x"></i>{hours}</section>', "x")
    assert len(rows) == 24
    assert rows[-1][1:] == ["5", "1", "0", "1"]  # this hour: declined, refused, auth, paid
    assert rows[-4][1:] == ["2", "0", "0", "0"]
    assert sum(int(row[1]) for row in rows) == 7
