"""The ledger: payments recorded once, their status moved only forward, and the pledge's
status following what really happened. Every write here is safe to repeat (a webhook
resent, a task retried, a double click), keeps the campaign's totals in the same
transaction (donations.totals) and leaves an audit row for every change of state.

Stripe's events arrive in any order. Two rules make the order not matter:
- a payment's status only moves forward (RANK): a failure reported after the success of
  the same invoice is stale and changes nothing; refunds only grow;
- a pledge's status moves only along MOVES: an instalment paid after the gift was
  cancelled records the money and leaves the pledge cancelled.
"""

from django.db import IntegrityError, transaction

from donations import appeals, pledges, totals
from donations.models import Channel, Payment, PaymentStatusChange, Pledge

S = Payment.Status
RANK = {S.FAILED: 0, S.SUCCEEDED: 1, S.PARTLY_REFUNDED: 2, S.REFUNDED: 3, S.DISPUTED: 4}

P = Pledge.Status
# Where each status may go when the money says so (the desk may set any status by hand).
MOVES = {
    P.INCOMPLETE: {P.FULFILLED, P.ACTIVE, P.CANCELLED},
    P.PLEDGED: {P.FULFILLED, P.ACTIVE, P.PAUSED, P.CANCELLED},
    P.FULFILLED: {P.REFUNDED, P.DISPUTED},
    P.ACTIVE: {P.PAST_DUE, P.PAUSED, P.CANCELLED, P.DISPUTED},
    P.PAST_DUE: {P.ACTIVE, P.PAUSED, P.CANCELLED, P.DISPUTED},
    P.PAUSED: {P.ACTIVE, P.PAST_DUE, P.CANCELLED, P.DISPUTED},
    P.DISPUTED: {P.REFUNDED},
    P.REFUNDED: set(),
    P.CANCELLED: set(),
}


def move_pledge(pledge, status, *, by=None, note=""):
    """Move a pledge to `status` if MOVES allows it from where it is; True if it moved."""
    current = Pledge.objects.filter(pk=pledge.pk).values_list("status", flat=True).first()
    if current == status or status not in MOVES.get(current, set()):
        return False
    return pledges.change_status(pledge=pledge, status=status, by=by, note=note)


def _stripe_lookup(stripe_invoice_id, stripe_payment_intent_id):
    if stripe_invoice_id:
        return {"stripe_invoice_id": stripe_invoice_id}
    if stripe_payment_intent_id:
        return {"stripe_payment_intent_id": stripe_payment_intent_id, "stripe_invoice_id": ""}
    return None


@transaction.atomic
def record_payment(
    *,
    pledge,
    amount,
    status=S.SUCCEEDED,
    fee=0,
    channel=Channel.CARD,
    received_at=None,
    stripe_invoice_id="",
    stripe_payment_intent_id="",
    stripe_charge_id="",
    stripe_balance_transaction_id="",
    failure_message="",
    note="",
    by=None,
    why="",
):
    """Record a payment of `pledge`, or bring the one already recorded for the same Stripe
    invoice or payment intent up to date. Returns (payment, created)."""
    fields = {
        "amount": amount,
        "status": status,
        "fee": fee,
        "stripe_charge_id": stripe_charge_id,
        "stripe_balance_transaction_id": stripe_balance_transaction_id,
        "failure_message": failure_message[:300],
    }
    if received_at is not None:
        fields["received_at"] = received_at
    lookup = _stripe_lookup(stripe_invoice_id, stripe_payment_intent_id)
    if lookup:
        existing = Payment.objects.select_for_update().filter(**lookup).first()
        if existing is not None:
            return update_payment(existing, by=by, why=why, **fields), False
    payment = Payment(
        pledge=pledge,
        currency=pledge.currency,
        channel=channel,
        stripe_invoice_id=stripe_invoice_id,
        stripe_payment_intent_id=stripe_payment_intent_id,
        note=note,
        recorded_by=by,
        **fields,
    )
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        if not lookup:
            raise
        # The same payment recorded at this moment by another worker or request.
        existing = Payment.objects.select_for_update().get(**lookup)
        return update_payment(existing, by=by, why=why, **fields), False
    PaymentStatusChange.objects.create(
        payment=payment, from_status="", to_status=payment.status, changed_by=by, note=why
    )
    totals.payment_changed(pledge.campaign_id, None, payment)
    _forget_totals(pledge.campaign_id)
    return payment, True


@transaction.atomic
def update_payment(payment, *, by=None, why="", **changes):
    """Apply what Stripe (or the desk) now says of a payment, keeping the rules above:
    status only forward, refunds only up, a known fee or charge never blanked."""
    payment = Payment.objects.select_for_update().select_related("pledge").get(pk=payment.pk)
    before = Payment(**{f.attname: getattr(payment, f.attname) for f in Payment._meta.fields})
    status = changes.pop("status", None)
    if status is not None and RANK[status] >= RANK[payment.status]:
        payment.status = status
    refunded = changes.pop("refunded", None)
    if refunded is not None and refunded > payment.refunded:
        payment.refunded = min(refunded, payment.amount)
    for name, value in changes.items():
        if value in ("", None) or (name == "fee" and not value and payment.fee):
            continue
        if name == "amount" and before.status != S.FAILED:
            continue  # an amount received stays what it was
        setattr(payment, name, value)
    changed = [
        f.attname
        for f in Payment._meta.fields
        if getattr(before, f.attname) != getattr(payment, f.attname)
    ]
    if not changed:
        return payment
    payment.save(update_fields=[*changed, "updated_at"])
    if before.status != payment.status:
        PaymentStatusChange.objects.create(
            payment=payment,
            from_status=before.status,
            to_status=payment.status,
            changed_by=by,
            note=why,
        )
    totals.payment_changed(payment.pledge.campaign_id, before, payment)
    _forget_totals(payment.pledge.campaign_id)
    return payment


def _forget_totals(campaign_id):
    transaction.on_commit(lambda: appeals.forget_totals(campaign_id))


# --- what the money means for the pledge -------------------------------------------------


@transaction.atomic
def gift_paid(pledge, *, why, **payment):
    """A charge of a gift succeeded: the payment, then the pledge paid (one-time) or active
    (recurring), and its receipt queued if none was sent yet."""
    from donations import tasks

    recorded, created = record_payment(pledge=pledge, why=why, **payment)
    move_pledge(pledge, P.ACTIVE if pledge.is_recurring else P.FULFILLED, note=why)
    if created and recorded.status == S.SUCCEEDED:
        earlier = pledge.payments.received().exclude(pk=recorded.pk).exists()
        if earlier:
            tasks.send_payment_receipt.enqueue(recorded.pk)
        else:
            # The gift's own receipt, now that it is paid.
            tasks.send_receipt.enqueue(pledge.pk)
    return recorded


@transaction.atomic
def gift_failed(pledge, *, why, **payment):
    """A recurring instalment failed: recorded (the desk follows it up), the pledge past due."""
    recorded, _ = record_payment(pledge=pledge, status=S.FAILED, why=why, **payment)
    if recorded.status == S.FAILED:
        move_pledge(pledge, P.PAST_DUE, note=why)
    return recorded


@transaction.atomic
def refunded(payment, *, amount, why, by=None):
    """Stripe (or the desk) refunded `amount` of a payment in all."""
    status = S.REFUNDED if amount >= payment.amount else S.PARTLY_REFUNDED
    payment = update_payment(payment, status=status, refunded=amount, by=by, why=why)
    if payment.status == S.REFUNDED and not payment.pledge.is_recurring:
        move_pledge(payment.pledge, P.REFUNDED, by=by, note=why)
    return payment


@transaction.atomic
def disputed(payment, *, why):
    """The donor's bank disputes the charge: the money is held back until it is decided."""
    payment = update_payment(payment, status=S.DISPUTED, why=why)
    move_pledge(payment.pledge, P.DISPUTED, note=why)
    return payment
