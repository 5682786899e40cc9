"""What the desk reads about money that moved (donations.reports has the pledges' side):
failed payments to follow up, lapsed donors and their CSV, churn of recurring gifts per
month, and declined card attempts per hour. Each is one or two queries, whatever the rows.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import TruncHour
from django.utils import timezone

from donations.models import Frequency, Payment, PaymentAttempt, Pledge, PledgeStatusChange
from donations.money import format_money, money_output
from donations.reports import spreadsheet_safe

S = Pledge.Status
# A recurring gift that was still going: what a cancellation from it counts as churn (a
# promise never paid, or a card gift never completed, is not a donor lost).
GOING = (S.ACTIVE, S.PAST_DUE, S.PAUSED)
LAPSED = (S.CANCELLED, S.PAST_DUE)


def failed_to_follow_up(since, limit=50):
    """The latest failed payment of each pledge still past due, failed since `since`, newest
    first: the donors to write to about their card."""
    latest_failure = (
        Payment.objects.failed()
        .filter(pledge=OuterRef("pledge"))
        .order_by("-received_at", "-pk")
        .values("pk")[:1]
    )
    return list(
        Payment.objects.failed()
        .filter(received_at__gte=since, pledge__status=S.PAST_DUE)
        .filter(pk=Subquery(latest_failure))
        .select_related("pledge__campaign")
        .order_by("-received_at", "-pk")[:limit]
    )


def lapsed_donors():
    """Recurring gifts that stopped (cancelled, or past due after a failed charge) after at
    least one payment arrived, with the last payment's date and amount and when the gift
    stopped; the most recently paid first."""
    last_paid = Payment.objects.filter(
        pledge=OuterRef("pk"), status__in=Payment.RECEIVED
    ).order_by("-received_at", "-pk")
    stopped = PledgeStatusChange.objects.filter(
        pledge=OuterRef("pk"), to_status=OuterRef("status")
    ).order_by("-changed_at", "-pk")
    return (
        Pledge.objects.exclude(frequency=Frequency.ONE_TIME)
        .filter(status__in=LAPSED)
        .annotate(
            last_paid_at=Subquery(last_paid.values("received_at")[:1]),
            last_amount=Subquery(last_paid.values("amount")[:1], output_field=money_output()),
            stopped_at=Subquery(stopped.values("changed_at")[:1]),
        )
        .filter(last_paid_at__isnull=False)
        .select_related("campaign")
        .order_by("-last_paid_at", "-pk")
    )


def last_amount_display(pledge):
    """A lapsed gift's last payment as it reads: "$18.50"."""
    return format_money(pledge.last_amount, pledge.currency)


LAPSED_CSV_HEADER = [
    "Reference",
    "Donor name",
    "E-mail",
    "Campaign",
    "Amount",
    "Currency",
    "Frequency",
    "Status",
    "Stopped",
    "Last payment",
    "Last payment amount",
]


def _local(moment):
    return timezone.localtime(moment).isoformat(sep=" ", timespec="seconds") if moment else ""


def lapsed_rows(pledges):
    """The header, then one row per lapsed gift, every cell safe in a spreadsheet."""
    yield LAPSED_CSV_HEADER
    for pledge in pledges.iterator(chunk_size=2000):
        row = [
            pledge.reference,
            pledge.donor_name,
            pledge.email,
            pledge.campaign.name,
            str(pledge.amount),
            pledge.currency,
            pledge.get_frequency_display(),
            pledge.get_status_display(),
            _local(pledge.stopped_at),
            _local(pledge.last_paid_at),
            f"{pledge.last_amount:.2f}",
        ]
        yield [spreadsheet_safe(cell) for cell in row]


# Churn ------------------------------------------------------------------------------------


@dataclass
class MonthChurn:
    """One calendar month: recurring gifts active at its start, and those cancelled in it."""

    month: object  # the first day, a date
    active_at_start: int
    cancelled: int

    @property
    def rate(self):
        """Cancelled ÷ active at the start, as a percentage; None with none active."""
        if not self.active_at_start:
            return None
        return self.cancelled * 100 / self.active_at_start


def month_starts(months, now=None):
    """The local starts of the last `months` calendar months (this one last), then the
    start of the next."""
    today = timezone.localdate(now or timezone.now())
    index = today.year * 12 + today.month - 1
    return [
        timezone.make_aware(datetime(n // 12, n % 12 + 1, 1))
        for n in range(index - months + 1, index + 2)
    ]


def churn(months=12, now=None):
    """[MonthChurn] for the last `months` calendar months, this one included, oldest first.

    Who was active when comes from the pledges' status history (PledgeStatusChange): active
    at a moment = active now, less the moves into "active" since, plus the moves out of it
    since, among the recurring gifts that existed then. Two queries: one count per month
    over the pledges, and over their status changes.
    """
    starts = month_starts(months, now)
    recurring = ~Q(frequency=Frequency.ONE_TIME)
    active_now = Pledge.objects.filter(recurring, status=S.ACTIVE).aggregate(
        **{
            f"m{n}": Count("pk", filter=Q(created_at__lt=start))
            for n, start in enumerate(starts[:-1])
        }
    )
    changes = PledgeStatusChange.objects.filter(pledge__in=Pledge.objects.filter(recurring))
    counts = {}
    for n, start in enumerate(starts[:-1]):
        existed = Q(pledge__created_at__lt=start, changed_at__gte=start)
        counts[f"in{n}"] = Count("pk", filter=existed & Q(to_status=S.ACTIVE))
        counts[f"out{n}"] = Count("pk", filter=existed & Q(from_status=S.ACTIVE))
        counts[f"cancelled{n}"] = Count(
            "pk",
            filter=Q(
                to_status=S.CANCELLED,
                from_status__in=GOING,
                changed_at__gte=start,
                changed_at__lt=starts[n + 1],
            ),
        )
    moved = changes.aggregate(**counts)
    return [
        MonthChurn(
            month=timezone.localdate(start),
            active_at_start=active_now[f"m{n}"] - moved[f"in{n}"] + moved[f"out{n}"],
            cancelled=moved[f"cancelled{n}"],
        )
        for n, start in enumerate(starts[:-1])
    ]


# Card attempts ----------------------------------------------------------------------------


def attempts_per_hour(now=None):
    """[(hour, {outcome: count})] for each of the last 24 local hours, this one last: how a
    card-testing attack shows (a run of declines, or of refusals by our limits)."""
    now = now or timezone.now()
    this_hour = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    first = this_hour - timedelta(hours=23)
    counts = {}
    for hour, outcome, count in (
        PaymentAttempt.objects.filter(attempted_at__gte=first)
        .annotate(hour=TruncHour("attempted_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("hour", "outcome")
        .annotate(count=Count("pk"))
        .values_list("hour", "outcome", "count")
    ):
        counts.setdefault(timezone.localtime(hour), {})[outcome] = count
    hours = [timezone.localtime(first + timedelta(hours=n)) for n in range(24)]
    return [(hour, counts.get(hour, {})) for hour in hours]
