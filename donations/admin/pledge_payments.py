"""A pledge's payments on its change page: the ones recorded (read-only, card or not) and a
row to mark an offline instalment received, written through donations.ledger.

Recorded payments are never edited here: the ledger keeps an amount received as it was
(refunds and disputes arrive from Stripe), and a payment's own page has its history.
"""

from django.contrib import admin
from django.db.models import F, Sum
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from donations import ledger
from donations.admin.display import ReadOnlyInline, short_date
from donations.admin_forms import PaymentReceivedForm
from donations.models import Channel, Frequency, Payment, Pledge
from donations.money import format_money
from newsroom.staff import display_name


class PaymentsInline(ReadOnlyInline):
    """The payments recorded for the pledge, newest first, each linked to its own page
    (its history, its Stripe ids)."""

    model = Payment
    show_change_link = True
    fields = ["date", "amount_shown", "fee_shown", "status", "channel", "reference", "by"]
    verbose_name = "payment"
    verbose_name_plural = "payments"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")

    @admin.display(description="Date")
    def date(self, payment):
        return short_date(payment.received_at, with_time=True)

    @admin.display(description="Amount")
    def amount_shown(self, payment):
        return payment.amount_display

    @admin.display(description="Fee")
    def fee_shown(self, payment):
        return format_money(payment.counted_fee, payment.currency)

    @admin.display(description="Reference")
    def reference(self, payment):
        return payment.stripe_charge_id or payment.stripe_invoice_id or payment.note or "—"

    @admin.display(description="Recorded by")
    def by(self, payment):
        if payment.recorded_by:
            return display_name(payment.recorded_by)
        return "Stripe" if payment.channel == Channel.CARD else "—"


def still_due(pledge):
    """What the next payment would be: a recurring gift's instalment, or what a one-time
    pledge still awaits (its amount less the money received, refunds taken off)."""
    if pledge.frequency != Frequency.ONE_TIME:
        return pledge.amount
    kept = pledge.payments.received().aggregate(total=Sum(F("amount") - F("refunded")))
    return max(pledge.amount - (kept["total"] or 0), 0)


class PaymentReceivedFormSet(BaseInlineFormSet):
    """New rows only, each starting from what is still due and today."""

    @classmethod
    def get_default_prefix(cls):
        # The same field names on the add page (its only inline) and the change page.
        return "received"

    def get_queryset(self):
        return Payment.objects.none()

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        initial = {"received_on": timezone.localdate()}
        if self.instance.pk:
            if not hasattr(self, "_still_due"):
                self._still_due = still_due(self.instance)
            initial["amount"] = self._still_due
        kwargs["initial"] = initial
        return kwargs


class PaymentReceivedInline(admin.TabularInline):
    """One empty row: tick Received and save to record an instalment."""

    model = Payment
    form = PaymentReceivedForm
    formset = PaymentReceivedFormSet
    fields = ["record", "amount", "received_on", "channel", "note"]
    extra = 1
    can_delete = False
    verbose_name = "payment received"
    verbose_name_plural = "mark a payment received"

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


def record_received(formset, *, pledge, user):
    """Record each ticked row of a PaymentReceivedInline's formset through the ledger, and
    move the pledge as the money says: a one-time pledge paid once its payments reach its
    amount, a recurring one active. Returns the payments recorded."""
    recorded = []
    for form in formset.forms:
        if not form.has_changed() or not form.cleaned_data.get("record"):
            continue
        payment, _ = ledger.record_payment(
            pledge=pledge,
            amount=form.cleaned_data["amount"] or pledge.amount,
            channel=form.cleaned_data["channel"] or pledge.channel or "other",
            received_at=form.received_at(),
            note=form.cleaned_data["note"],
            by=user,
            why="Marked received on the desk",
        )
        recorded.append(payment)
    if recorded:
        settle(pledge, user=user)
    # What the admin's change message reads.
    formset.new_objects, formset.changed_objects, formset.deleted_objects = recorded, [], []
    return recorded


def settle(pledge, *, user):
    """The pledge's status after money arrived by hand."""
    if pledge.frequency != Frequency.ONE_TIME:
        ledger.move_pledge(pledge, Pledge.Status.ACTIVE, by=user, note="Payment received")
    elif not still_due(pledge):
        ledger.move_pledge(pledge, Pledge.Status.FULFILLED, by=user, note="Paid in full")
