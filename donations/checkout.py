"""The payment step of a card gift: the card is set up in Stripe's own field (Stripe.js, a
SetupIntent), then charged from our server, so every charge passes the card-testing
limits (donations.card_limits) and its outcome is ours to record.

One-time gifts are one PaymentIntent; monthly and annual gifts a Subscription whose first
invoice is charged at once. A charge that needs the bank's authentication (3-D Secure)
comes back to the page, which asks Stripe.js to run it and then sends us the payment
intent to finish with. Every call to Stripe carries an idempotency key made from the
pledge and the card, so a double submission charges once.
"""

from dataclasses import dataclass

from django.db import transaction

from donations import card_limits, gateway, ledger, stripe_events
from donations.models import PaymentAttempt, Pledge

Outcome = PaymentAttempt.Outcome

DECLINED = (
    "Your card was declined, and nothing was charged. Please check its details or try "
    "another card."
)
LIMITED = (
    "We cannot take more card payments from here just now. Nothing was charged. "
    "Please try again later, or write to us."
)
NOT_READY = "Please enter your card details and try again. Nothing was charged."
AUTHENTICATION_FAILED = (
    "Your bank did not confirm the payment, and nothing was charged. Please try again or use "
    "another card."
)


@dataclass
class Result:
    """What the page does next: thank the donor, show an error (the card step again), or
    ask Stripe.js to run the bank's authentication with `client_secret`."""

    paid: bool = False
    error: str = ""
    client_secret: str = ""


def prepare(pledge):
    """Make sure the pledge has a Stripe customer and a setup step for the card; returns
    the setup step's client secret for Stripe.js."""
    if not pledge.stripe_customer_id:
        customer = gateway.create_customer(pledge)
        Pledge.objects.filter(pk=pledge.pk).update(stripe_customer_id=customer["id"])
        pledge.stripe_customer_id = customer["id"]
    if pledge.stripe_setup_intent_id:
        intent = gateway.retrieve_setup_intent(pledge.stripe_setup_intent_id)
        if intent["status"] not in ("succeeded", "canceled"):
            return intent["client_secret"]
    tries = PaymentAttempt.objects.filter(pledge=pledge).count()
    intent = gateway.create_setup_intent(pledge, attempt=tries + 1)
    Pledge.objects.filter(pk=pledge.pk).update(stripe_setup_intent_id=intent["id"])
    pledge.stripe_setup_intent_id = intent["id"]
    return intent["client_secret"]


def pay(pledge, source, *, setup_intent_id="", payment_intent_id=""):
    """Charge the card the donor just set up (or finish a charge their bank authenticated).
    Returns a Result; raises throttle.ThrottleUnavailable when the limits' cache is down."""
    if payment_intent_id:
        return finish_authenticated(pledge, source, payment_intent_id)
    if not setup_intent_id or setup_intent_id != pledge.stripe_setup_intent_id:
        return Result(error=NOT_READY)
    try:
        intent = gateway.retrieve_setup_intent(setup_intent_id)
    except gateway.InvalidRequest:
        return Result(error=NOT_READY)
    if intent["status"] != "succeeded" or not intent.get("payment_method"):
        return Result(error=NOT_READY)
    method_id = gateway.object_id(intent["payment_method"])
    method = gateway.retrieve_payment_method(method_id)
    source.set_card((method.get("card") or {}).get("fingerprint", ""))
    if not source.try_allowed():
        card_limits.record(pledge, Outcome.REFUSED, "limits")
        return Result(error=LIMITED)
    if pledge.is_recurring:
        return _subscribe(pledge, source, method_id)
    return _charge_once(pledge, source, method_id)


def _declined(pledge, source, code):
    source.declined(code)
    # The card set up is spent: the next try sets up another.
    Pledge.objects.filter(pk=pledge.pk).update(stripe_setup_intent_id="")
    pledge.stripe_setup_intent_id = ""
    return Result(error=DECLINED)


def _charge_once(pledge, source, method_id):
    try:
        intent = gateway.charge_once(pledge, method_id)
    except gateway.CardError as error:
        return _declined(pledge, source, error.code or "card_declined")
    Pledge.objects.filter(pk=pledge.pk).update(stripe_payment_intent_id=intent["id"])
    pledge.stripe_payment_intent_id = intent["id"]
    return _after_intent(pledge, source, intent)


def _after_intent(pledge, source, intent):
    if intent["status"] == "succeeded":
        card_limits.record(pledge, Outcome.SUCCEEDED)
        _record_one_time(pledge, intent)
        return Result(paid=True)
    if intent["status"] == "requires_action":
        card_limits.record(pledge, Outcome.AUTHENTICATION)
        return Result(client_secret=intent["client_secret"])
    return _declined(pledge, source, "not_confirmed")


def _record_one_time(pledge, intent):
    stripe_events.intent_paid(pledge, intent, why="Paid on the gift page")


def _subscribe(pledge, source, method_id):
    try:
        subscription = gateway.subscribe(pledge, method_id)
    except gateway.CardError as error:
        return _declined(pledge, source, error.code or "card_declined")
    invoice = subscription.get("latest_invoice") or {}
    intent = invoice.get("payment_intent") if isinstance(invoice, dict) else None
    if subscription["status"] in ("active", "trialing"):
        with transaction.atomic():
            Pledge.objects.filter(pk=pledge.pk).update(stripe_subscription_id=subscription["id"])
            pledge.stripe_subscription_id = subscription["id"]
            if isinstance(invoice, dict) and invoice.get("status") == "paid":
                stripe_events.instalment_paid(
                    pledge, invoice, why="First instalment, paid on the gift page"
                )
            stripe_events.follow(pledge, subscription)
        card_limits.record(pledge, Outcome.SUCCEEDED)
        return Result(paid=True)
    if isinstance(intent, dict) and intent.get("status") == "requires_action":
        Pledge.objects.filter(pk=pledge.pk).update(
            stripe_subscription_id=subscription["id"], stripe_payment_intent_id=intent["id"]
        )
        pledge.stripe_subscription_id = subscription["id"]
        card_limits.record(pledge, Outcome.AUTHENTICATION)
        return Result(client_secret=intent["client_secret"])
    # Declined: the subscription waits for a payment that will not come; end it.
    gateway.cancel_subscription(subscription["id"])
    return _declined(pledge, source, "card_declined")


def finish_authenticated(pledge, source, payment_intent_id):
    """The bank has answered the authentication the page ran: record the charge, or say
    it failed."""
    if payment_intent_id != pledge.stripe_payment_intent_id:
        return Result(error=NOT_READY)
    intent = gateway.retrieve_payment_intent(payment_intent_id)
    if intent["status"] != "succeeded":
        if pledge.is_recurring and pledge.stripe_subscription_id:
            gateway.cancel_subscription(pledge.stripe_subscription_id)
            Pledge.objects.filter(pk=pledge.pk).update(stripe_subscription_id="")
        Pledge.objects.filter(pk=pledge.pk).update(stripe_payment_intent_id="")
        result = _declined(pledge, source, "authentication_failed")
        return Result(error=AUTHENTICATION_FAILED) if result.error else result
    card_limits.record(pledge, Outcome.SUCCEEDED)
    if not pledge.is_recurring:
        _record_one_time(pledge, intent)
        return Result(paid=True)
    subscription = gateway.retrieve_subscription(pledge.stripe_subscription_id)
    invoice_id = gateway.object_id(subscription.get("latest_invoice"))
    with transaction.atomic():
        ledger.gift_paid(
            pledge,
            why="First instalment, authenticated on the gift page",
            amount=gateway.from_minor(intent["amount"], pledge.currency),
            received_at=stripe_events.moment(intent["created"]),
            stripe_invoice_id=invoice_id,
            stripe_payment_intent_id=intent["id"],
            stripe_charge_id=gateway.object_id(intent.get("latest_charge")),
        )
        stripe_events.follow(pledge, subscription)
    return Result(paid=True)
