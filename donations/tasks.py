"""Fundraising's background work (background/engine.py): each task safe to run twice."""

from django.db import transaction
from django.utils import timezone

from background.engine import Retry, task
from donations import emails
from donations.models import Pledge, PledgeExport

# A mail server down for hours still gets every receipt: ten tries over about ten hours.
RECEIPT_RETRY = Retry(max_attempts=10, first_delay=30, factor=2)


@task(retry=RECEIPT_RETRY)
def send_receipt(pledge_id):
    """Mail a pledge's receipt once: the pledge row is locked while it is sent, and marked
    sent in the same transaction, so two workers or a retry never send it twice. (A worker
    killed between the mail server's answer and the commit sends it again: at least once.)"""
    with transaction.atomic():
        pledge = (
            Pledge.objects.select_for_update()
            .select_related("campaign")
            .filter(pk=pledge_id)
            .first()
        )
        if pledge is None:
            return "The pledge no longer exists; no receipt sent."
        if pledge.receipt_sent_at is not None:
            return "The receipt had already been sent."
        if pledge.erased_at is not None or not pledge.email:
            return "The donor was erased; no receipt sent."
        emails.send_receipt(pledge)
        Pledge.objects.filter(pk=pledge.pk).update(receipt_sent_at=timezone.now())
    return "Receipt sent."


EXPORT_RETRY = Retry(max_attempts=3, first_delay=60)


@task(retry=EXPORT_RETRY, takes_context=True)
def export_pledges(context, export_id):
    """Make a pledge export's CSV; the desk shows it failed once the last try fails. Safe
    twice: a second run writes the same file again."""
    from donations import exports  # it enqueues this task

    export = PledgeExport.objects.filter(pk=export_id).first()
    if export is None:
        return "The export was deleted before it was made."
    try:
        rows = exports.write_csv(export)
    except Exception:
        if context.attempt >= EXPORT_RETRY.max_attempts:
            PledgeExport.objects.filter(pk=export.pk).update(
                status=PledgeExport.Status.FAILED, finished_at=timezone.now()
            )
        raise
    return f"{rows} pledges exported."


# Stripe's events wait for the request that created their subscription (a few seconds),
# or for Stripe itself to answer (charge fees): eight tries over about two hours.
EVENT_RETRY = Retry(max_attempts=8, first_delay=15, factor=2)


@task(retry=EVENT_RETRY)
def process_stripe_event(event_id):
    """Apply a webhook event to the ledger (donations.stripe_events); once, however often
    it runs."""
    from donations import stripe_events

    return stripe_events.process(event_id)


@task(retry=RECEIPT_RETRY)
def send_payment_receipt(payment_id):
    """Mail the receipt of a recurring gift's later instalment. A retry after the mail
    server took it sends it again (at least once, as send_receipt)."""
    from donations.models import Payment

    payment = Payment.objects.select_related("pledge__campaign").filter(pk=payment_id).first()
    if payment is None or not payment.pledge.email or payment.pledge.erased_at:
        return "No donor to write to."
    emails.send_payment_receipt(payment)
    return "Receipt sent."


@task(retry=RECEIPT_RETRY)
def send_manage_link(email):
    """Mail a donor the link to their gifts, if we hold any under that address; the page
    that asked says the same whether we do or not."""
    from donations import self_service

    return self_service.send_link(email)
