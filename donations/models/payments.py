"""The money that really moved: each payment of a pledge (a card charge or an instalment
received offline), its history, Stripe's webhook events as received, and card attempts
(what the card-testing defences and the desk's declines-per-hour read)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from donations.models.pledges import Channel
from donations.money import AMOUNT_DIGITS, format_money, money_field


class PaymentQuerySet(models.QuerySet):
    def received(self):
        """Payments whose money arrived (refunded ones included: they arrived first)."""
        return self.filter(status__in=Payment.RECEIVED)

    def failed(self):
        return self.filter(status=Payment.Status.FAILED)


class Payment(models.Model):
    """One payment of a pledge: a one-time gift's charge, a recurring gift's instalment, or
    money the desk received by cheque, transfer, phone or at an event. Amount, fee and
    refunds in the pledge's currency; written only through donations.ledger."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", "Received"
        FAILED = "failed", "Failed"
        PARTLY_REFUNDED = "partly_refunded", "Partly refunded"
        REFUNDED = "refunded", "Refunded"
        DISPUTED = "disputed", "Disputed"

    # The money arrived (refunds are subtracted as `refunded`).
    RECEIVED = (Status.SUCCEEDED, Status.PARTLY_REFUNDED, Status.REFUNDED)

    pledge = models.ForeignKey(
        "donations.Pledge", on_delete=models.PROTECT, related_name="payments"
    )
    amount = money_field(AMOUNT_DIGITS)
    currency = models.CharField(max_length=3)
    fee = money_field(AMOUNT_DIGITS, default=Decimal("0"))
    refunded = money_field(AMOUNT_DIGITS, default=Decimal("0"))
    status = models.CharField(max_length=20, choices=Status, default=Status.SUCCEEDED)
    channel = models.CharField(max_length=20, choices=Channel, default=Channel.CARD)
    received_at = models.DateTimeField("date", default=timezone.now, db_index=True)
    stripe_payment_intent_id = models.CharField(max_length=64, blank=True)
    stripe_charge_id = models.CharField(max_length=64, blank=True, db_index=True)
    stripe_invoice_id = models.CharField(max_length=64, blank=True)
    stripe_balance_transaction_id = models.CharField(max_length=64, blank=True)
    failure_message = models.CharField(max_length=300, blank=True)
    note = models.CharField(
        max_length=300, blank=True, help_text="A cheque number, a transfer reference…"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["pledge", "received_at"], name="payment_pledge_received"),
            models.Index(fields=["status", "received_at"], name="payment_status_received"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message="The amount must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(fee__gte=0) & Q(refunded__gte=0) & Q(refunded__lte=models.F("amount")),
                name="payment_fee_refund_in_bounds",
                violation_error_message="Fee and refund must be between zero and the amount.",
            ),
            # What makes a webhook or a retry repeat nothing: one row per invoice, per
            # one-time payment intent.
            models.UniqueConstraint(
                fields=["stripe_invoice_id"],
                condition=~Q(stripe_invoice_id=""),
                name="payment_invoice_once",
            ),
            models.UniqueConstraint(
                fields=["stripe_payment_intent_id"],
                condition=~Q(stripe_payment_intent_id="") & Q(stripe_invoice_id=""),
                name="payment_intent_once",
            ),
        ]

    def __str__(self):
        return f"{format_money(self.amount, self.currency)} on {self.received_at:%Y-%m-%d}"

    @property
    def received_amount(self):
        """What we keep of it: the amount less refunds, nothing if it failed or is disputed."""
        if self.status not in self.RECEIVED:
            return Decimal("0")
        return self.amount - self.refunded

    @property
    def counted_fee(self):
        """The processor's fee: charged whenever the charge went through, refunded or not."""
        return Decimal("0") if self.status == self.Status.FAILED else self.fee

    @property
    def net(self):
        return self.received_amount - self.counted_fee

    @property
    def amount_display(self):
        return format_money(self.amount, self.currency)


class PaymentStatusChange(models.Model):
    """The audit trail of a payment: every status it took, when, and why (a Stripe event,
    the desk, the donor)."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Payment.Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Payment.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"


class StripeEvent(models.Model):
    """A webhook event as Stripe sent it, kept once by its id: a resend finds this row and
    changes nothing. Processed on the task engine (donations.tasks.process_stripe_event)."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    # Stripe's time for the event: what puts events that arrive out of order in order.
    created = models.DateTimeField()
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class PaymentAttempt(models.Model):
    """One try to charge a card from our server: its outcome and why. Read by the desk
    (declines per hour) and kept 90 days; the limits themselves live in the shared cache."""

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", "Succeeded"
        DECLINED = "declined", "Declined"
        AUTHENTICATION = "authentication", "Needs authentication"
        REFUSED = "refused", "Refused by our limits"

    pledge = models.ForeignKey(
        "donations.Pledge", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome)
    code = models.CharField(max_length=64, blank=True)
    attempted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-attempted_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} at {self.attempted_at:%Y-%m-%d %H:%M}"
