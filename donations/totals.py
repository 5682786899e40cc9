"""Campaign totals kept as pledges change.

Summing every pledge for every campaign took seconds on the desk's campaign list at a
million pledges (most of it the distinct donor count; bench/RESULTS.md), and the appeal on a
story page asked the same of one campaign. So each campaign has one CampaignTotals row and
a CampaignDonor row per donor, changed in the same transaction as the pledge:

- Pledge.save() and Pledge.delete() (every insert or change made through a model),
- change_status() and erase_donor() in donations.pledges (they update querysets),
- the payments' part (received, fees) by donations.ledger, as each payment changes.

Anything that writes pledges in bulk (bulk_create, QuerySet.update or .delete) calls
recount() afterwards, as seed_demo and generate_content do; `manage.py recount_totals
--check` says whether the kept figures still equal the pledges'.

Locks: a writer changes the donor's row, then the campaign's totals row (an UPDATE each,
so two pledges to one campaign queue on its row until the first commits); recount() locks
both tables in the same order, so it sees each pledge either with its share or before it.
"""

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from donations.models import (
    RECURRING_CURRENT,
    UNCOUNTED,
    Campaign,
    CampaignDonor,
    CampaignTotals,
    Frequency,
    Payment,
    Pledge,
)

# The pledge fields the totals read; a save touching none of them changes nothing here.
STORED = ("campaign", "amount", "frequency", "status", "email")
READS = frozenset({*STORED, "campaign_id"})

MONEY = ("raised", "fulfilled", "one_time_total", "monthly_part", "annual_part")
PAYMENT_MONEY = ("received", "fees")
COUNTS = ("pledge_count", "donor_count")


def email_digest(email):
    """The donor's key: one donor however they capitalise their address."""
    return hashlib.sha256(email.lower().encode()).hexdigest()


@dataclass(frozen=True)
class Share:
    """What one counted pledge adds to its campaign's totals."""

    campaign_id: int
    amount: Decimal
    frequency: str
    is_fulfilled: bool
    is_current: bool  # a recurring pledge that will be charged again
    donor: str | None  # email_digest(), or None for a pledge without an address

    def money(self):
        zero = Decimal("0")
        recurring = self.amount if self.is_current else zero
        return {
            "raised": self.amount,
            "fulfilled": self.amount if self.is_fulfilled else zero,
            "one_time_total": self.amount if self.frequency == Frequency.ONE_TIME else zero,
            "monthly_part": recurring if self.frequency == Frequency.MONTHLY else zero,
            "annual_part": recurring if self.frequency == Frequency.ANNUAL else zero,
        }


def share(pledge):
    """A pledge's Share, or None if it counts for nothing (cancelled, refunded, unpaid)."""
    if pledge is None or pledge.status in UNCOUNTED:
        return None
    return Share(
        campaign_id=pledge.campaign_id,
        amount=Decimal(pledge.amount),
        frequency=pledge.frequency,
        is_fulfilled=pledge.status == Pledge.Status.FULFILLED,
        is_current=pledge.status in RECURRING_CURRENT,
        donor=email_digest(pledge.email) if pledge.email else None,
    )


def payment_changed(campaign_id, before, after):
    """Move a payment's part of its campaign's received and fees from `before` to `after`
    (Payments as they were and are; None for none). In the payment's transaction."""
    change = Counter()
    for payment, sign in ((before, -1), (after, 1)):
        if payment is not None:
            change["received"] += sign * payment.received_amount
            change["fees"] += sign * payment.counted_fee
    update = {name: F(name) + amount for name, amount in change.items() if amount}
    if update:
        kept = CampaignTotals.objects.filter(campaign_id=campaign_id)
        if not kept.update(**update):
            CampaignTotals.objects.get_or_create(campaign_id=campaign_id)
            kept.update(**update)


def stored_share(pk):
    """The Share of the pledge as the database holds it now, its row locked until commit."""
    stored = Pledge.objects.select_for_update().filter(pk=pk).only(*STORED).first()
    return share(stored)


def pledge_changed(before, after):
    """Move a pledge's share from `before` to `after` (Shares; None for nothing)."""
    if before == after:
        return
    changes = defaultdict(lambda: {"money": Counter(), "pledges": 0, "donors": Counter()})
    for part, sign in ((before, -1), (after, 1)):
        if part is None:
            continue
        change = changes[part.campaign_id]
        for name, amount in part.money().items():
            change["money"][name] += sign * amount
        change["pledges"] += sign
        if part.donor:
            change["donors"][part.donor] += sign
    for campaign_id in sorted(changes):
        _apply(campaign_id, **changes[campaign_id])


def _apply(campaign_id, *, money, pledges, donors):
    donor_change = sum(
        _count_donor(campaign_id, digest, donors[digest]) for digest in sorted(donors)
    )
    change = {name: F(name) + amount for name, amount in money.items() if amount}
    if pledges:
        change["pledge_count"] = F("pledge_count") + pledges
    if donor_change:
        change["donor_count"] = F("donor_count") + donor_change
    if not change:
        return
    kept = CampaignTotals.objects.filter(campaign_id=campaign_id)
    if not kept.update(**change):
        # The campaign's first pledge: its row, then the same change.
        CampaignTotals.objects.get_or_create(campaign_id=campaign_id)
        kept.update(**change)


def _count_donor(campaign_id, digest, step):
    """Add `step` to a donor's counted pledges; returns the change in the donor count (a
    donor's row exists only while at least one of their pledges counts)."""
    donor = CampaignDonor.objects.filter(campaign_id=campaign_id, email_digest=digest)
    if step == 0:
        return 0
    if donor.update(pledge_count=F("pledge_count") + step):
        if step > 0:
            return 0
        return -donor.filter(pledge_count=0).delete()[0]
    if step < 0:
        return 0  # nothing kept to take from (only after writes that bypassed this module)
    try:
        with transaction.atomic():
            CampaignDonor.objects.create(
                campaign_id=campaign_id, email_digest=digest, pledge_count=step
            )
    except IntegrityError:
        # The same new donor's other pledge, at the same moment, created the row first.
        donor.update(pledge_count=F("pledge_count") + step)
        return 0
    return 1


@transaction.atomic
def recount(*, fix=True):
    """Compare every campaign's kept totals with its pledges and, with `fix`, set them to
    the pledges' figures. Returns [(campaign, field, kept, counted)] for each difference.

    Reads every pledge (seconds at a million): for after bulk writes and for a nightly
    check, never for a page.
    """
    if connection.vendor == "postgresql":
        # Pledge writers wait here (they lock a donor row, then the totals row: same order),
        # so each pledge is either in what is read below or added after it is written.
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {CampaignDonor._meta.db_table}, {CampaignTotals._meta.db_table} "
                "IN SHARE ROW EXCLUSIVE MODE"
            )
    kept = {t.campaign_id: t for t in CampaignTotals.objects.all()}
    campaigns = list(Campaign.objects.counted_totals().order_by("pk"))
    donors = Counter()
    addresses = (
        Pledge.objects.counted()
        .exclude(email="")
        .order_by()
        .values_list("campaign_id", "email")
        .iterator(chunk_size=10_000)
    )
    for campaign_id, email in addresses:
        donors[(campaign_id, email_digest(email))] += 1
    donor_count = Counter(campaign_id for campaign_id, _ in donors)

    differences = []
    payments = Counter()
    for campaign_id, status, amount, fee, refunded in (
        Payment.objects.order_by()
        .values_list("pledge__campaign_id", "status", "amount", "fee", "refunded")
        .iterator(chunk_size=10_000)
    ):
        payment = Payment(status=status, amount=amount, fee=fee, refunded=refunded)
        payments[(campaign_id, "received")] += payment.received_amount
        payments[(campaign_id, "fees")] += payment.counted_fee
    for campaign in campaigns:
        totals = kept.get(campaign.pk) or CampaignTotals(campaign=campaign)
        counted = {name: getattr(campaign, name) for name in MONEY + COUNTS}
        counted["donor_count"] = donor_count[campaign.pk]
        for name in PAYMENT_MONEY:
            counted[name] = payments[(campaign.pk, name)] or Decimal("0")
        for name, value in counted.items():
            if getattr(totals, name) != value:
                differences.append((campaign, name, getattr(totals, name), value))
            setattr(totals, name, value)
        if fix:
            totals.save()
    kept_donors = {
        (d.campaign_id, d.email_digest): d.pledge_count for d in CampaignDonor.objects.all()
    }
    if kept_donors != donors:
        differences.append((None, "donor rows", len(kept_donors), len(donors)))
        if fix:
            CampaignDonor.objects.all().delete()
            CampaignDonor.objects.bulk_create(
                (
                    CampaignDonor(campaign_id=campaign_id, email_digest=digest, pledge_count=n)
                    for (campaign_id, digest), n in donors.items()
                ),
                batch_size=5_000,
            )
    return differences
