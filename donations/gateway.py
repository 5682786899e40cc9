"""Stripe, through its official SDK: every call we make to it, and nothing else.

Everything here returns plain dicts (`to_dict()`), the same shape as a webhook's payload,
so the ledger reads one kind of object whichever way it arrived. Stripe's answers differ
between API versions (an invoice's subscription and payment intent moved in 2025); the
readers at the end of this module take either shape.

Amounts go to Stripe in the currency's smallest unit (cents) and come back to Decimal;
every call that creates something carries an idempotency key made from our own record,
so a retried request creates nothing twice.
"""

from decimal import Decimal

import stripe
from django.conf import settings

from donations.models import Frequency

# Stripe's answer times out before a reader gives up on the page.
TIMEOUT_RETRIES = 2
INTERVALS = {Frequency.MONTHLY: "month", Frequency.ANNUAL: "year"}
# Currencies without a minor unit (none of CURRENCY_SYMBOLS' today, but Stripe has some).
ZERO_DECIMAL = {"JPY", "KRW", "VND", "CLP", "ISK", "UGX"}

CardError = stripe.CardError
StripeError = stripe.StripeError
SignatureError = stripe.SignatureVerificationError
# Stripe does not know the id we sent (a form tampered with, a stale page).
InvalidRequest = stripe.InvalidRequestError


def enabled():
    """Card payments are on when all three of Stripe's keys are set; otherwise the pledge
    form records promises, as before."""
    return bool(
        settings.STRIPE_SECRET_KEY
        and settings.STRIPE_PUBLISHABLE_KEY
        and settings.STRIPE_WEBHOOK_SECRET
    )


def client():
    base = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses=base, max_network_retries=TIMEOUT_RETRIES
    )


def to_minor(amount, currency):
    """Decimal("18.50"), "USD" → 1850."""
    if currency.upper() in ZERO_DECIMAL:
        return int(amount)
    return int((Decimal(amount) * 100).to_integral_value())


def from_minor(value, currency):
    """1850, "usd" → Decimal("18.50")."""
    if currency.upper() in ZERO_DECIMAL:
        return Decimal(value)
    return (Decimal(value or 0) / 100).quantize(Decimal("0.01"))


def _once(key):
    return {"idempotency_key": key}


# --- the payment step -----------------------------------------------------------------


def create_customer(pledge):
    customer = client().v1.customers.create(
        params={
            "email": pledge.email,
            "name": pledge.donor_name,
            "metadata": {"pledge": pledge.reference},
        },
        options=_once(f"newsroom-customer-{pledge.reference}"),
    )
    return customer.to_dict()


def create_setup_intent(pledge, attempt):
    """A setup step for the card the donor types into Stripe's field (it never reaches us).
    `attempt` numbers the setups of one pledge: a declined card needs a new one."""
    intent = client().v1.setup_intents.create(
        params={
            "customer": pledge.stripe_customer_id,
            "usage": "off_session" if pledge.is_recurring else "on_session",
            "metadata": {"pledge": pledge.reference},
        },
        options=_once(f"newsroom-setup-{pledge.reference}-{attempt}"),
    )
    return intent.to_dict()


def retrieve_setup_intent(setup_intent_id):
    return client().v1.setup_intents.retrieve(setup_intent_id).to_dict()


def retrieve_payment_method(payment_method_id):
    return client().v1.payment_methods.retrieve(payment_method_id).to_dict()


def charge_once(pledge, payment_method_id):
    """Charge a one-time gift to the card just set up. Raises CardError when declined."""
    intent = client().v1.payment_intents.create(
        params={
            "amount": to_minor(pledge.amount, pledge.currency),
            "currency": pledge.currency.lower(),
            "customer": pledge.stripe_customer_id,
            "payment_method": payment_method_id,
            "confirm": True,
            "metadata": {"pledge": pledge.reference},
        },
        options=_once(f"newsroom-charge-{pledge.reference}-{payment_method_id}"),
    )
    return intent.to_dict()


def retrieve_payment_intent(payment_intent_id):
    return client().v1.payment_intents.retrieve(payment_intent_id).to_dict()


def plan_id(frequency, currency):
    """One plan per interval and currency, one cent a unit: a gift of $18 a month is 1,800
    units of it, so any amount is a quantity, with no plan per amount."""
    return f"newsroom-gift-{INTERVALS[frequency]}-{currency.lower()}"


def ensure_plan(frequency, currency):
    plans = client().v1.plans
    identifier = plan_id(frequency, currency)
    try:
        return plans.retrieve(identifier).to_dict()
    except stripe.InvalidRequestError:
        pass
    name = f"{settings.SITE_NAME}: {Frequency(frequency).label.lower()} gift"
    try:
        return plans.create(
            params={
                "id": identifier,
                "amount": 1,
                "currency": currency.lower(),
                "interval": INTERVALS[frequency],
                "product": {"name": name},
            }
        ).to_dict()
    except stripe.StripeError:
        # Created by another request in between.
        return plans.retrieve(identifier).to_dict()


def subscribe(pledge, payment_method_id, *, starts_at=None):
    """Start a recurring gift on the card just set up; the first charge is made now (or at
    `starts_at`, with nothing charged before). The subscription comes back with its first
    invoice and that invoice's payment intent."""
    ensure_plan(pledge.frequency, pledge.currency)
    stripe_client = client()
    stripe_client.v1.customers.update(
        pledge.stripe_customer_id,
        params={"invoice_settings": {"default_payment_method": payment_method_id}},
    )
    subscription = stripe_client.v1.subscriptions.create(
        params={
            "customer": pledge.stripe_customer_id,
            "items": [
                {
                    "plan": plan_id(pledge.frequency, pledge.currency),
                    "quantity": to_minor(pledge.amount, pledge.currency),
                }
            ],
            "metadata": {"pledge": pledge.reference},
            "payment_behavior": "allow_incomplete",
            "expand": ["latest_invoice.payment_intent"],
            **({"trial_end": int(starts_at.timestamp())} if starts_at else {}),
        },
        options=_once(f"newsroom-subscribe-{pledge.reference}-{payment_method_id}"),
    )
    return subscription.to_dict()


# --- the donor's own changes ------------------------------------------------------------


def retrieve_subscription(subscription_id):
    return client().v1.subscriptions.retrieve(subscription_id).to_dict()


def cancel_subscription(subscription_id):
    return client().v1.subscriptions.cancel(subscription_id).to_dict()


def change_amount(pledge, amount):
    """A new amount from the next charge on, without a proration for the current period."""
    subscription = retrieve_subscription(pledge.stripe_subscription_id)
    item = subscription["items"]["data"][0]
    return (
        client()
        .v1.subscriptions.update(
            pledge.stripe_subscription_id,
            params={
                "items": [{"id": item["id"], "quantity": to_minor(amount, pledge.currency)}],
                "proration_behavior": "none",
            },
        )
        .to_dict()
    )


def pause(pledge):
    """No charges until the donor resumes (Stripe voids the invoices meanwhile)."""
    return (
        client()
        .v1.subscriptions.update(
            pledge.stripe_subscription_id, params={"pause_collection": {"behavior": "void"}}
        )
        .to_dict()
    )


def resume(pledge):
    return (
        client()
        .v1.subscriptions.update(pledge.stripe_subscription_id, params={"pause_collection": ""})
        .to_dict()
    )


def use_card(pledge, payment_method_id):
    """Charge the donor's recurring gift to a new card from now on."""
    client().v1.customers.update(
        pledge.stripe_customer_id,
        params={"invoice_settings": {"default_payment_method": payment_method_id}},
    )


def retry_open_invoices(pledge):
    """After a new card: pay what the old one failed to. Returns the invoices paid."""
    stripe_client = client()
    invoices = stripe_client.v1.invoices.list(
        params={
            "customer": pledge.stripe_customer_id,
            "subscription": pledge.stripe_subscription_id,
        }
    )
    paid = []
    for invoice in invoices.data:
        if invoice.status == "open":
            paid.append(stripe_client.v1.invoices.pay(invoice.id).to_dict())
    return paid


# --- webhooks and reconciliation ----------------------------------------------------------


def verify_event(payload, signature):
    """The event in a webhook's body, if its signature is Stripe's; raises SignatureError
    or ValueError otherwise."""
    return stripe.Webhook.construct_event(
        payload, signature, settings.STRIPE_WEBHOOK_SECRET
    ).to_dict()


def charge_details(charge_id):
    """A charge with its balance transaction (fee and net)."""
    return (
        client()
        .v1.charges.retrieve(charge_id, params={"expand": ["balance_transaction"]})
        .to_dict()
    )


def balance_transactions(start, end):
    """Every balance transaction created in [start, end), oldest first."""
    params = {"created": {"gte": int(start.timestamp()), "lt": int(end.timestamp())}, "limit": 100}
    found = []
    page = client().v1.balance_transactions.list(params=params)
    while True:
        found.extend(item.to_dict() for item in page.data)
        if not page.has_more or not page.data:
            break
        page = client().v1.balance_transactions.list(
            params={**params, "starting_after": page.data[-1].id}
        )
    return sorted(found, key=lambda item: item["created"])


# --- reading Stripe's objects, in the shapes of old and new API versions ---------------


def object_id(value):
    """An expandable field: the id whether Stripe sent the object or only its id."""
    if isinstance(value, dict):
        return value.get("id", "")
    return value or ""


def invoice_subscription(invoice):
    if invoice.get("subscription"):
        return object_id(invoice["subscription"])
    parent = invoice.get("parent") or {}
    return object_id((parent.get("subscription_details") or {}).get("subscription"))


def invoice_payment_intent(invoice):
    if invoice.get("payment_intent"):
        return object_id(invoice["payment_intent"])
    for payment in (invoice.get("payments") or {}).get("data", []):
        return object_id((payment.get("payment") or {}).get("payment_intent"))
    return ""


def invoice_charge(invoice):
    return object_id(invoice.get("charge"))


def period_end(subscription):
    """When the current period ends: the next charge (on the item in new API versions)."""
    if subscription.get("current_period_end"):
        return subscription["current_period_end"]
    items = (subscription.get("items") or {}).get("data") or [{}]
    return items[0].get("current_period_end")


def subscription_quantity(subscription):
    items = (subscription.get("items") or {}).get("data") or [{}]
    return items[0].get("quantity")
