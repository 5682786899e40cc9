"""Stripe's webhook events: received once by their id (the view answers at once), then
applied to the ledger on the task engine (donations.tasks.process_stripe_event).

An event about something we have not recorded yet (an invoice paid before the request
that created its subscription has committed) raises NotYetKnown, and the task tries again
later. An event about something that is not ours is recorded and left alone.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from donations import gateway, ledger
from donations.models import Payment, Pledge, StripeEvent

P = Pledge.Status


class NotYetKnown(Exception):
    """The event names a pledge or payment we expect but do not hold yet: try later."""


def moment(seconds):
    return dt.datetime.fromtimestamp(int(seconds), tz=dt.UTC)


@transaction.atomic
def receive(payload, signature):
    """Check the signature, keep the event once. Returns (event, created); raises
    gateway.SignatureError or ValueError for a body Stripe did not sign."""
    from donations import tasks

    data = gateway.verify_event(payload, signature)
    event, created = StripeEvent.objects.get_or_create(
        event_id=data["id"],
        defaults={"type": data["type"], "created": moment(data["created"]), "payload": data},
    )
    if created:
        tasks.process_stripe_event.enqueue(event.pk)
    return event, created


def process(event_id):
    """Apply one event to the ledger, once. Returns what it did, in words."""
    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            return "The event is no longer kept."
        if event.processed_at is not None:
            return f"Already processed: {event.outcome}"
        handler = HANDLERS.get(event.type)
        obj = event.payload["data"]["object"]
        outcome = handler(obj, event) if handler else "Not an event the ledger uses."
        event.processed_at = timezone.now()
        event.outcome = outcome[:300]
        event.save(update_fields=["processed_at", "outcome"])
    return outcome


# --- finding our records -----------------------------------------------------------------


def pledge_for_subscription(subscription_id, metadata=None, *, settled=False):
    """The pledge whose gift this subscription is. A subscription that names a pledge (its
    metadata) the pledge does not name yet is either still being recorded by the gift
    page (`settled`: it was paid or is active: try later) or a declined try the page
    ended (nothing to do)."""
    pledge = Pledge.objects.filter(stripe_subscription_id=subscription_id).first()
    if pledge is not None or not (metadata or {}).get("pledge"):
        return pledge
    pledge = Pledge.objects.filter(reference=metadata["pledge"]).first()
    if settled and pledge is not None and not pledge.stripe_subscription_id:
        raise NotYetKnown(f"Pledge {pledge.reference} does not name {subscription_id} yet.")
    return None


def charge_figures(charge_id):
    """(fee, balance transaction id) of a charge, from Stripe."""
    if not charge_id:
        return 0, ""
    charge = gateway.charge_details(charge_id)
    transaction_ = charge.get("balance_transaction") or {}
    if not isinstance(transaction_, dict):
        return 0, transaction_
    return (
        gateway.from_minor(transaction_.get("fee", 0), charge["currency"]),
        transaction_.get("id", ""),
    )


def payment_for_charge(charge):
    payment = Payment.objects.filter(stripe_charge_id=charge["id"]).first()
    if payment is None and charge.get("payment_intent"):
        payment = Payment.objects.filter(
            stripe_payment_intent_id=gateway.object_id(charge["payment_intent"])
        ).first()
    if payment is None and charge.get("invoice"):
        payment = Payment.objects.filter(
            stripe_invoice_id=gateway.object_id(charge["invoice"])
        ).first()
    return payment


# --- what a payment is, read from Stripe's objects (the gift page and the webhook alike) --


def intent_paid(pledge, intent, *, why, fee=0, balance_transaction=""):
    """A one-time gift's payment intent succeeded: its payment, recorded once."""
    return ledger.gift_paid(
        pledge,
        why=why,
        amount=gateway.from_minor(
            intent.get("amount_received") or intent["amount"], pledge.currency
        ),
        fee=fee,
        received_at=moment(intent["created"]),
        stripe_payment_intent_id=intent["id"],
        stripe_charge_id=gateway.object_id(intent.get("latest_charge")),
        stripe_balance_transaction_id=balance_transaction,
    )


def instalment_paid(pledge, invoice, *, why, fee=0, balance_transaction="", paid_at=None):
    """A subscription's invoice was paid: the instalment, recorded once."""
    return ledger.gift_paid(
        pledge,
        why=why,
        amount=gateway.from_minor(invoice.get("amount_paid") or invoice["total"], pledge.currency),
        fee=fee,
        received_at=moment(paid_at or invoice["created"]),
        stripe_invoice_id=invoice["id"],
        stripe_payment_intent_id=gateway.invoice_payment_intent(invoice),
        stripe_charge_id=gateway.invoice_charge(invoice),
        stripe_balance_transaction_id=balance_transaction,
    )


def follow(pledge, subscription, **options):
    """Apply a subscription as Stripe just answered it (its own creation time)."""
    return apply_subscription(pledge, subscription, at=moment(subscription["created"]), **options)


# --- the handlers --------------------------------------------------------------------------


def payment_intent_succeeded(intent, event):
    pledge = Pledge.objects.filter(stripe_payment_intent_id=intent["id"]).first()
    if pledge is None:
        reference = (intent.get("metadata") or {}).get("pledge")
        if reference and Pledge.objects.filter(reference=reference).exists():
            raise NotYetKnown(f"Pledge {reference} does not name {intent['id']} yet.")
        return "Not a one-time gift of ours (instalments are recorded from their invoice)."
    fee, balance_transaction = charge_figures(gateway.object_id(intent.get("latest_charge")))
    payment = intent_paid(
        pledge,
        intent,
        why=f"Stripe {event.type} {event.event_id}",
        fee=fee,
        balance_transaction=balance_transaction,
    )
    return f"Payment {payment.pk} of pledge {pledge.reference}: {payment.get_status_display()}."


def invoice_paid(invoice, event):
    subscription_id = gateway.invoice_subscription(invoice)
    if not subscription_id:
        return "Not a subscription's invoice."
    if not (invoice.get("amount_paid") or invoice.get("total")):
        return "Nothing was paid (a free trial's invoice, before a gift's first month)."
    pledge = pledge_for_subscription(subscription_id, subscription_metadata(invoice), settled=True)
    if pledge is None:
        return "Not a gift of ours."
    fee, balance_transaction = charge_figures(gateway.invoice_charge(invoice))
    paid_at = (invoice.get("status_transitions") or {}).get("paid_at") or event.payload["created"]
    payment = instalment_paid(
        pledge,
        invoice,
        why=f"Stripe {event.type} {event.event_id}",
        fee=fee,
        balance_transaction=balance_transaction,
        paid_at=paid_at,
    )
    next_charge = next_charge_from_invoice(invoice)
    if next_charge and (pledge.next_charge_at is None or next_charge > pledge.next_charge_at):
        Pledge.objects.filter(pk=pledge.pk).update(next_charge_at=next_charge)
    return f"Instalment {payment.pk} of pledge {pledge.reference}: {payment.get_status_display()}."


def subscription_metadata(invoice):
    """The subscription's metadata as an invoice carries it (new API versions), if at all."""
    parent = invoice.get("parent") or {}
    return (parent.get("subscription_details") or {}).get("metadata") or {}


def next_charge_from_invoice(invoice):
    lines = (invoice.get("lines") or {}).get("data") or []
    for line in lines:
        end = (line.get("period") or {}).get("end")
        if end:
            return moment(end)
    return None


def invoice_payment_failed(invoice, event):
    subscription_id = gateway.invoice_subscription(invoice)
    if not subscription_id:
        return "Not a subscription's invoice."
    pledge = pledge_for_subscription(subscription_id, subscription_metadata(invoice))
    if pledge is None:
        return "Not a gift of ours, or a declined first charge the donor was shown."
    if pledge.status == P.INCOMPLETE:
        return "The first charge of a gift being set up: the donor saw the decline."
    attempts = invoice.get("attempt_count") or 1
    payment = ledger.gift_failed(
        pledge,
        why=f"Stripe {event.type} {event.event_id}",
        amount=gateway.from_minor(invoice.get("amount_due") or invoice["total"], pledge.currency),
        received_at=moment(event.payload["created"]),
        stripe_invoice_id=invoice["id"],
        stripe_payment_intent_id=gateway.invoice_payment_intent(invoice),
        stripe_charge_id=gateway.invoice_charge(invoice),
        failure_message=f"The card was not charged (attempt {attempts}).",
    )
    return f"Instalment {payment.pk} of pledge {pledge.reference}: {payment.get_status_display()}."


SUBSCRIPTION_STATUS = {
    "active": P.ACTIVE,
    "trialing": P.ACTIVE,
    "past_due": P.PAST_DUE,
    "unpaid": P.PAST_DUE,
    "canceled": P.CANCELLED,
    "incomplete_expired": P.CANCELLED,
}


def subscription_changed(subscription, event):
    """A subscription's state as of the event's time; an older state than the one last
    applied is stale and ignored."""
    pledge = pledge_for_subscription(
        subscription["id"],
        subscription.get("metadata"),
        settled=subscription.get("status") in ("active", "trialing"),
    )
    if pledge is None:
        return "Not a gift of ours, or a declined try the donor was shown."
    return apply_subscription(pledge, subscription, at=moment(event.payload["created"]))


@transaction.atomic
def apply_subscription(pledge, subscription, *, at, by=None, why=""):
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.stripe_state_at and at < pledge.stripe_state_at:
        return f"Stale: pledge {pledge.reference} already follows a later state."
    status = SUBSCRIPTION_STATUS.get(subscription.get("status"))
    if status == P.ACTIVE and subscription.get("pause_collection"):
        status = P.PAUSED
    why = why or f"Stripe subscription {subscription.get('status')}"
    if status is not None and not (pledge.status == P.INCOMPLETE and status == P.CANCELLED):
        # (A gift being set up stays open for another card when a try is ended.)
        ledger.move_pledge(pledge, status, by=by, note=why)
    quantity = gateway.subscription_quantity(subscription)
    if quantity and status != P.CANCELLED:
        amount = gateway.from_minor(quantity, pledge.currency)
        if amount != pledge.amount:
            pledge.refresh_from_db()
            pledge.amount = amount
            pledge.save(update_fields=["amount", "updated_at"])
    end = gateway.period_end(subscription)
    Pledge.objects.filter(pk=pledge.pk).update(
        stripe_state_at=at,
        next_charge_at=moment(end) if end and status == P.ACTIVE else None,
    )
    pledge.refresh_from_db()
    return f"Pledge {pledge.reference}: {pledge.get_status_display()}."


def charge_refunded(charge, event):
    payment = payment_for_charge(charge)
    if payment is None:
        if Pledge.objects.filter(
            stripe_payment_intent_id=gateway.object_id(charge.get("payment_intent"))
        ).exists():
            raise NotYetKnown(f"The payment of {charge['id']} is not recorded yet.")
        return "Not a payment of ours."
    amount = gateway.from_minor(charge.get("amount_refunded", 0), payment.currency)
    payment = ledger.refunded(payment, amount=amount, why=f"Stripe {event.type} {event.event_id}")
    return f"Payment {payment.pk}: {payment.get_status_display()}."


def dispute_created(dispute, event):
    charge_id = gateway.object_id(dispute.get("charge"))
    payment = Payment.objects.filter(stripe_charge_id=charge_id).first()
    if payment is None and dispute.get("payment_intent"):
        payment = Payment.objects.filter(
            stripe_payment_intent_id=gateway.object_id(dispute["payment_intent"])
        ).first()
    if payment is None:
        return "Not a payment of ours."
    payment = ledger.disputed(payment, why=f"Stripe {event.type} {event.event_id}")
    return f"Payment {payment.pk}: {payment.get_status_display()}."


HANDLERS = {
    "payment_intent.succeeded": payment_intent_succeeded,
    "invoice.paid": invoice_paid,
    "invoice.payment_succeeded": invoice_paid,
    "invoice.payment_failed": invoice_payment_failed,
    "customer.subscription.created": subscription_changed,
    "customer.subscription.updated": subscription_changed,
    "customer.subscription.deleted": subscription_changed,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute_created,
}
# The events to send to the webhook (README: connecting Stripe).
EVENTS = sorted(HANDLERS)
