"""Stripe's webhook through its URL: the signature, each event once, events out of order,
and each kind of event the ledger follows. Events localstripe sends itself are taken from
it; those it lacks (invoice.paid for a later month, subscription updates, refunds,
disputes) are built from its objects and signed with the SDK's own signing."""

import time
from decimal import Decimal

import pytest
from django.core import mail

from donations.models import Payment, Pledge, StripeEvent
from tests.donations.payments import event, give, post_event, stripe_client
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly(client, stripe_server):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="monthly", amount="18")
    assert pledge.status == Pledge.Status.ACTIVE
    return pledge


def test_a_bad_or_missing_signature_is_refused_and_changes_nothing(client, monthly):
    body = event(
        "invoice.payment_failed", {"id": "in_x", "subscription": monthly.stripe_subscription_id}
    )
    assert post_event(client, body, secret="whsec_not_ours").status_code == 400
    assert (
        client.post("/donate/stripe/webhook/", body, content_type="application/json").status_code
        == 400
    )
    assert not StripeEvent.objects.exists()
    monthly.refresh_from_db()
    assert monthly.status == Pledge.Status.ACTIVE


def test_an_invoice_paid_later_adds_an_instalment_once(client, monthly, run_tasks):
    invoice = {
        "id": "in_next_month",
        "object": "invoice",
        "subscription": monthly.stripe_subscription_id,
        "amount_paid": 1800,
        "total": 1800,
        "currency": "usd",
        "status": "paid",
        "status_transitions": {"paid_at": int(time.time())},
        "lines": {"data": [{"period": {"end": int(time.time()) + 60 * 24 * 3600}}]},
    }
    body = event("invoice.paid", invoice)
    first = post_event(client, body)
    assert first.status_code == 200 and first.json()["duplicate"] is False
    run_tasks()
    replay = post_event(client, body)
    assert replay.json()["duplicate"] is True
    run_tasks()
    assert monthly.payments.count() == 2
    assert monthly.payments.get(stripe_invoice_id="in_next_month").amount == Decimal("18")
    assert StripeEvent.objects.get().processed_at is not None
    monthly.refresh_from_db()
    assert monthly.campaign.totals.received == Decimal("36")
    # The gift's own receipt once, then one for this instalment, and none for the replay.
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Thank you for your gift to The Newsroom",
        "Your receipt from The Newsroom",
    ]
    assert f"{monthly.reference}-" in mail.outbox[-1].body


def test_a_failure_reported_after_the_success_of_the_same_invoice_changes_nothing(
    client, monthly, run_tasks
):
    paid = monthly.payments.get()
    invoice = {
        "id": paid.stripe_invoice_id,
        "subscription": monthly.stripe_subscription_id,
        "amount_due": 1800,
        "total": 1800,
        "attempt_count": 1,
    }
    post_event(client, event("invoice.payment_failed", invoice, created=int(time.time()) - 60))
    run_tasks()
    paid.refresh_from_db()
    monthly.refresh_from_db()
    assert paid.status == Payment.Status.SUCCEEDED
    assert monthly.status == Pledge.Status.ACTIVE


def test_a_failed_instalment_makes_the_gift_past_due_and_a_later_state_wins(
    client, monthly, run_tasks
):
    now = int(time.time())
    invoice = {
        "id": "in_failed",
        "subscription": monthly.stripe_subscription_id,
        "amount_due": 1800,
        "total": 1800,
        "attempt_count": 2,
    }
    post_event(client, event("invoice.payment_failed", invoice, created=now))
    run_tasks()
    monthly.refresh_from_db()
    assert monthly.status == Pledge.Status.PAST_DUE
    assert Payment.objects.get(stripe_invoice_id="in_failed").status == Payment.Status.FAILED

    subscription = (
        stripe_client().v1.subscriptions.retrieve(monthly.stripe_subscription_id).to_dict()
    )
    # Out of order: the newer "active" arrives first, the older "past_due" second.
    post_event(
        client,
        event(
            "customer.subscription.updated", {**subscription, "status": "active"}, created=now + 20
        ),
    )
    post_event(
        client,
        event(
            "customer.subscription.updated",
            {**subscription, "status": "past_due"},
            created=now + 10,
        ),
    )
    run_tasks()
    monthly.refresh_from_db()
    assert monthly.status == Pledge.Status.ACTIVE


def test_a_subscription_deleted_cancels_the_gift(client, monthly, run_tasks):
    subscription = (
        stripe_client().v1.subscriptions.cancel(monthly.stripe_subscription_id).to_dict()
    )
    post_event(client, event("customer.subscription.deleted", subscription))
    run_tasks()
    monthly.refresh_from_db()
    assert monthly.status == Pledge.Status.CANCELLED
    assert monthly.campaign.totals.monthly_part == 0
    assert monthly.status_changes.last().note.startswith("Stripe subscription canceled")


def test_a_refund_and_a_dispute(client, stripe_server, run_tasks):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="one_time", amount="60")
    payment = pledge.payments.get()
    refund = stripe_client().v1.refunds.create(
        params={"payment_intent": payment.stripe_payment_intent_id}
    )
    charge = stripe_client().v1.charges.retrieve(payment.stripe_charge_id).to_dict()
    charge.update(amount_refunded=refund.amount, refunded=True)
    post_event(client, event("charge.refunded", charge))
    run_tasks()
    payment.refresh_from_db()
    pledge.refresh_from_db()
    assert (payment.status, payment.refunded) == (Payment.Status.REFUNDED, Decimal("60"))
    assert pledge.status == Pledge.Status.REFUNDED
    assert pledge.campaign.totals.received == 0

    other, _ = give(
        client,
        stripe_server,
        make_campaign(),
        frequency="one_time",
        amount="20",
        email="other@example.org",
    )
    paid = other.payments.get()
    dispute = {"id": "dp_1", "object": "dispute", "charge": paid.stripe_charge_id, "amount": 2000}
    post_event(client, event("charge.dispute.created", dispute))
    run_tasks()
    paid.refresh_from_db()
    other.refresh_from_db()
    assert paid.status == Payment.Status.DISPUTED and other.status == Pledge.Status.DISPUTED
    assert paid.status_changes.count() == 2  # received, then disputed


def test_an_event_about_a_payment_not_yet_recorded_waits_and_is_applied_later(
    client, stripe_server, run_tasks
):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="one_time", amount="15")
    payment = pledge.payments.get()
    charge = stripe_client().v1.charges.retrieve(payment.stripe_charge_id).to_dict()
    # As if the payment had not been recorded when Stripe's refund arrived.
    Payment.objects.filter(pk=payment.pk).update(stripe_charge_id="", stripe_payment_intent_id="")
    charge.update(amount_refunded=1500, refunded=True)
    post_event(client, event("charge.refunded", charge))
    run_tasks()
    stored = StripeEvent.objects.get(type="charge.refunded")
    assert stored.processed_at is None  # tried, and waits for a retry
    Payment.objects.filter(pk=payment.pk).update(
        stripe_charge_id=charge["id"], stripe_payment_intent_id=pledge.stripe_payment_intent_id
    )
    from donations import stripe_events

    stripe_events.process(stored.pk)
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED


def test_events_localstripe_sends_itself_are_applied(client, stripe_server, run_tasks):
    """The real payload of payment_intent.succeeded, as localstripe built it."""
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="one_time", amount="12")
    sent = [e.to_dict() for e in stripe_client().v1.events.list(params={"limit": 50}).data]
    succeeded = [e for e in sent if e["type"] == "payment_intent.succeeded"]
    assert succeeded
    for body in sent:
        assert post_event(client, body).status_code == 200
    run_tasks()
    assert pledge.payments.count() == 1  # the page had recorded it; the event added nothing
    assert StripeEvent.objects.filter(processed_at__isnull=True).count() == 0


def test_a_trials_free_invoice_records_nothing(client, monthly, run_tasks):
    invoice = {
        "id": "in_trial",
        "subscription": monthly.stripe_subscription_id,
        "amount_paid": 0,
        "total": 0,
        "currency": "usd",
        "status": "paid",
    }
    post_event(client, event("invoice.paid", invoice))
    run_tasks()
    assert not Payment.objects.filter(stripe_invoice_id="in_trial").exists()
    assert "free trial" in StripeEvent.objects.get(type="invoice.paid").outcome
