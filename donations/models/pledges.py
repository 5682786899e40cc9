"""Pledges: a reader's promise to give, how often it recurs, and its status history."""

import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone

from donations.money import AMOUNT_DIGITS, format_money, money_field


class Frequency(models.TextChoices):
    """How often a pledge is given; a campaign offers one first."""

    ONE_TIME = "one_time", "One-time"
    MONTHLY = "monthly", "Monthly"
    ANNUAL = "annual", "Annual"


# How an amount reads on a button and in a receipt: "$18/month".
FREQUENCY_SUFFIX = {Frequency.ONE_TIME: "", Frequency.MONTHLY: "/month", Frequency.ANNUAL: "/year"}


class Channel(models.TextChoices):
    """How the money of a pledge or a payment arrives."""

    CARD = "card", "Card (online)"
    CHEQUE = "cheque", "Cheque"
    BANK_TRANSFER = "bank_transfer", "Bank transfer"
    PHONE = "phone", "Phone"
    EVENT = "event", "Event"
    OTHER = "other", "Other"


# Statuses that count for nothing in the totals: never paid, called off or given back.
UNCOUNTED = ("cancelled", "refunded", "incomplete")
# Recurring pledges that will be charged again (monthly recurring value counts these).
RECURRING_CURRENT = ("active",)


class PledgeQuerySet(models.QuerySet):
    def counted(self):
        """Pledges that count toward totals: neither cancelled, refunded nor unpaid."""
        return self.exclude(status__in=UNCOUNTED)

    def for_donor(self, email):
        """One donor's pledges, matched on e-mail without regard to case."""
        return self.filter(email__iexact=email.strip())


def new_reference():
    """A pledge's public reference: unguessable, as it opens the donor's thank-you page.
    Never starting with "-": a spreadsheet reads that as a formula, so the desk's CSV would
    show the reference with a quote in front, unlike the donor's receipt."""
    while (reference := secrets.token_urlsafe(16)).startswith("-"):
        pass
    return reference


class Pledge(models.Model):
    """A reader's promise to give: how much, how often, to which campaign, and from which story."""

    class Status(models.TextChoices):
        # A promise (a pledge form without card payments, or one the desk recorded).
        PLEDGED = "pledged", "Pledged"
        # Paid: a one-time gift charged, or an offline pledge the desk marked received.
        FULFILLED = "fulfilled", "Paid"
        # Recurring and current; paused; its last charge failed.
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        PAST_DUE = "past_due", "Past due"
        CANCELLED = "cancelled", "Cancelled"
        REFUNDED = "refunded", "Refunded"
        DISPUTED = "disputed", "Disputed"
        # A card gift begun and not (yet) charged: counts for nothing.
        INCOMPLETE = "incomplete", "Awaiting payment"

    campaign = models.ForeignKey(
        "donations.Campaign", on_delete=models.PROTECT, related_name="pledges"
    )
    amount = money_field(AMOUNT_DIGITS)
    # Copied from the campaign: a pledge keeps the currency it was made in.
    currency = models.CharField(max_length=3)
    frequency = models.CharField(max_length=10, choices=Frequency)
    donor_name = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    message = models.TextField(blank=True)
    is_public = models.BooleanField("may be listed publicly", default=False)
    status = models.CharField(max_length=10, choices=Status, default=Status.PLEDGED)
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges",
        verbose_name="source article",
    )
    reference = models.CharField(max_length=32, unique=True, default=new_reference, editable=False)
    # The pledge form's one-time key: a second submission of the same form finds this row.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the receipt task once the mail server took the receipt: a retry never sends
    # a second one.
    receipt_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    channel = models.CharField(
        max_length=20,
        choices=Channel,
        blank=True,
        help_text="How the money arrives; empty until it is known.",
    )
    # The part of the amount the donor added to cover the card fees (included in amount).
    fees_covered = money_field(AMOUNT_DIGITS, default=0, editable=False)
    # Stripe's ids (donations.gateway): set when the gift is paid by card.
    stripe_customer_id = models.CharField(max_length=64, blank=True, editable=False)
    stripe_setup_intent_id = models.CharField(max_length=64, blank=True, editable=False)
    stripe_payment_intent_id = models.CharField(max_length=64, blank=True, editable=False)
    stripe_subscription_id = models.CharField(max_length=64, blank=True, editable=False)
    # The time (Stripe's) of the subscription state last applied: an older event is stale.
    stripe_state_at = models.DateTimeField(null=True, blank=True, editable=False)
    next_charge_at = models.DateTimeField(null=True, blank=True, editable=False)
    paused_until = models.DateTimeField(null=True, blank=True, editable=False)
    # A monthly gift made from a one-time gift, on the thank-you page's offer.
    upgraded_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["campaign", "status"], name="pledge_campaign_status"),
            models.Index(fields=["article", "created_at"], name="pledge_article_created"),
            # for_donor() matches e-mail without regard to case.
            models.Index(Upper("email"), name="pledge_email_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="pledge_amount_positive",
                violation_error_message="The amount must be more than zero.",
            ),
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~Q(submission_key=""),
                name="pledge_submission_once",
            ),
            models.UniqueConstraint(
                fields=["stripe_subscription_id"],
                condition=~Q(stripe_subscription_id=""),
                name="pledge_subscription_once",
            ),
            models.UniqueConstraint(
                fields=["stripe_payment_intent_id"],
                condition=~Q(stripe_payment_intent_id=""),
                name="pledge_payment_intent_once",
            ),
        ]

    def __str__(self):
        return f"{self.amount_display} from {self.donor_name or 'an erased donor'}"

    def save(self, *args, **kwargs):
        # Keeps the campaign's totals (derived data) in the same transaction as the pledge.
        from donations import totals

        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not totals.READS.intersection(update_fields):
            super().save(*args, **kwargs)
            return
        # No savepoint of its own: a failure anywhere fails the caller's transaction.
        with transaction.atomic(savepoint=False):
            before = None if self._state.adding else totals.stored_share(self.pk)
            super().save(*args, **kwargs)
            totals.pledge_changed(before, totals.share(self))

    def get_absolute_url(self):
        return reverse("donations:thanks", kwargs={"reference": self.reference})

    def delete(self, *args, **kwargs):
        from donations import totals

        with transaction.atomic(savepoint=False):
            before = totals.stored_share(self.pk)
            deleted = super().delete(*args, **kwargs)
            totals.pledge_changed(before, None)
        return deleted

    @property
    def amount_display(self):
        """ "$18/month"."""
        return format_money(self.amount, self.currency) + FREQUENCY_SUFFIX[self.frequency]

    @property
    def is_recurring(self):
        return self.frequency != Frequency.ONE_TIME

    @property
    def is_card_gift(self):
        return self.channel == Channel.CARD

    @property
    def gift_amount(self):
        """What the donor chose to give, before the fees they chose to cover."""
        return self.amount - self.fees_covered

    @property
    def amount_money(self):
        """ "$18", without the frequency."""
        return format_money(self.amount, self.currency)

    @property
    def gift_amount_display(self):
        return format_money(self.gift_amount, self.currency) + FREQUENCY_SUFFIX[self.frequency]

    @property
    def fees_covered_display(self):
        return format_money(self.fees_covered, self.currency) + FREQUENCY_SUFFIX[self.frequency]


class PledgeStatusChange(models.Model):
    """The audit trail: who moved a pledge from one status to another, and when."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Pledge.Status)
    to_status = models.CharField(max_length=10, choices=Pledge.Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
