"""`manage.py prune_payment_logs`: old card attempts and processed events go; payments,
recent rows and unprocessed events stay."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from donations.models import PaymentAttempt, StripeEvent

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("prune_payment_logs", *args, stdout=out)
    return out.getvalue()


def test_old_attempts_and_processed_events_go():
    old = timezone.now() - timedelta(days=91)
    PaymentAttempt.objects.create(outcome="declined", attempted_at=old)
    PaymentAttempt.objects.create(outcome="declined")
    for n, processed in enumerate([old, None]):
        StripeEvent.objects.create(
            event_id=f"evt_{n}",
            type="x",
            created=old,
            payload={},
            received_at=old,
            processed_at=processed,
        )
    assert (
        run("--dry-run")
        == "Would delete 1 card attempts and 1 Stripe events older than 90 days.\n"
    )
    assert PaymentAttempt.objects.count() == 2
    assert "Deleted 1 card attempts and 1 Stripe events" in run()
    assert PaymentAttempt.objects.count() == 1
    assert list(StripeEvent.objects.values_list("event_id", flat=True)) == ["evt_1"]


def test_a_window_of_no_days_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        run("--days", "0")
