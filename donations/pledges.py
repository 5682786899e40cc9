"""The pledge workflow: recording a pledge, changing its status, a donor's records."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from donations import appeals, tasks, totals
from donations.models import Payment, Pledge, PledgeStatusChange, StripeEvent

logger = logging.getLogger(__name__)


@transaction.atomic
def record_pledge(
    *,
    campaign,
    amount,
    frequency,
    donor_name,
    email,
    message="",
    is_public=False,
    article=None,
    submission_key="",
    status=Pledge.Status.PLEDGED,
    channel="",
    fees_covered=0,
):
    """Record a pledge and queue its receipt, in one transaction (the receipt's task runs
    only if the pledge commits, and is never lost once it has). A card gift (status
    INCOMPLETE) gets its receipt once it is paid (donations.ledger), not now.

    Returns (pledge, created). A second submission with the same key (a double click, a
    resubmitted form) returns the first pledge and records nothing.
    """
    if submission_key:
        existing = Pledge.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    pledge = Pledge(
        campaign=campaign,
        amount=amount,
        currency=campaign.currency,
        frequency=frequency,
        donor_name=donor_name,
        email=email,
        message=message,
        is_public=is_public,
        article=article,
        submission_key=submission_key,
        status=status,
        channel=channel,
        fees_covered=fees_covered,
    )
    try:
        with transaction.atomic():
            pledge.save()
    except IntegrityError:
        # The same form submitted twice at once: the other request's pledge stands.
        existing = Pledge.objects.filter(submission_key=submission_key).first()
        if not submission_key or existing is None:
            raise
        return existing, False
    if status != Pledge.Status.INCOMPLETE:
        tasks.send_receipt.enqueue(pledge.pk)
        transaction.on_commit(lambda: appeals.forget_totals(campaign.pk))
    return pledge, True


@transaction.atomic
def change_status(*, pledge, status, by, note=""):
    """Move a pledge to another status and keep who did it and when. False if unchanged."""
    current = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if current.status == status:
        return False
    PledgeStatusChange.objects.create(
        pledge=current, from_status=current.status, to_status=status, changed_by=by, note=note
    )
    before = totals.share(current)
    Pledge.objects.filter(pk=pledge.pk).update(status=status, updated_at=timezone.now())
    current.status = status
    totals.pledge_changed(before, totals.share(current))
    pledge.status = status
    transaction.on_commit(lambda: appeals.forget_totals(current.campaign_id))
    return True


def _payment_record(payment):
    return {
        "amount": str(payment.amount),
        "currency": payment.currency,
        "fee": str(payment.fee),
        "refunded": str(payment.refunded),
        "status": payment.status,
        "channel": payment.channel,
        "received_at": payment.received_at.isoformat(),
        "recorded_at": payment.created_at.isoformat(),
        "note": payment.note,
        "failure_message": payment.failure_message,
        "stripe_payment_intent_id": payment.stripe_payment_intent_id,
        "stripe_charge_id": payment.stripe_charge_id,
        "stripe_invoice_id": payment.stripe_invoice_id,
        "stripe_balance_transaction_id": payment.stripe_balance_transaction_id,
        "status_changes": [
            {"from": c.from_status, "to": c.to_status, "at": c.changed_at.isoformat()}
            for c in payment.status_changes.all()
        ],
    }


def donor_records(*, email):
    """Everything we hold about one donor, as plain data (for a subject access request):
    their pledges with their history, and each pledge's payments with theirs."""
    pledges = Pledge.objects.for_donor(email).select_related("campaign", "article")
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "pledges": [
            {
                "reference": p.reference,
                "campaign": p.campaign.name,
                "amount": str(p.amount),
                "currency": p.currency,
                "frequency": p.frequency,
                "status": p.status,
                "name": p.donor_name,
                "email": p.email,
                "message": p.message,
                "listed_publicly": p.is_public,
                "source_article": p.article.headline if p.article else None,
                "created_at": p.created_at.isoformat(),
                "channel": p.channel,
                "stripe_customer_id": p.stripe_customer_id,
                "stripe_subscription_id": p.stripe_subscription_id,
                "payments": [_payment_record(payment) for payment in p.payments.all()],
                "status_changes": [
                    {
                        "from": c.from_status,
                        "to": c.to_status,
                        "at": c.changed_at.isoformat(),
                    }
                    for c in p.status_changes.all()
                ],
            }
            for p in pledges.prefetch_related("status_changes", "payments__status_changes")
        ],
    }


@transaction.atomic
def erase_donor(*, email):
    """Remove a donor's name, e-mail and message; amounts, dates and attribution stay, and
    so do their payments (amounts, fees, dates, statuses, Stripe's ids): the accounts and
    reconcile_payments need them, and none of them names the donor. Returns how many
    pledges were erased."""
    if not email.strip():
        raise ValueError("An e-mail address is needed to find the donor.")
    found = Pledge.objects.for_donor(email).filter(erased_at__isnull=True)
    # Without an address the pledges still count toward the sums, no longer as a donor.
    erased = list(found.select_for_update().only(*totals.STORED))
    found.update(
        donor_name="",
        email="",
        message="",
        is_public=False,
        erased_at=timezone.now(),
        updated_at=timezone.now(),
    )
    for pledge in erased:
        before = totals.share(pledge)
        pledge.email = ""
        totals.pledge_changed(before, totals.share(pledge))
    # A payment's note is free text the desk typed ("cheque from J. Smith"); Stripe's events
    # carry the donor's name and address. The amounts and ids stay.
    Payment.objects.filter(pledge__in=[pledge.pk for pledge in erased]).update(note="")
    StripeEvent.objects.annotate(text=Cast("payload", TextField())).filter(
        text__icontains=email.strip(), processed_at__isnull=False
    ).delete()
    for campaign_id in {pledge.campaign_id for pledge in erased}:
        transaction.on_commit(lambda campaign_id=campaign_id: appeals.forget_totals(campaign_id))
    return len(erased)
