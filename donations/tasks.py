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
