"""Payments on the desk: every payment of every pledge (card charges, instalments the desk
marked received), their filters and search, and each one's history.

Payments are written only by donations.ledger: they are added from their pledge's page,
never deleted, and a card payment is read-only (Stripe says what happened to it). The desk
may correct the note of a payment it recorded.
"""

import re

from django.contrib import admin
from django.contrib.admin.filters import DateFieldListFilter
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from donations import ledger
from donations.admin.display import HistoryInline, donor_html, short_date
from donations.models import Channel, Payment, PaymentStatusChange, Pledge
from donations.money import format_money
from newsroom.staff import display_name

# A search that is one whole e-mail address, or one of Stripe's ids.
EMAIL_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
STRIPE_ID = re.compile(r"(ch|py|pi|in|txn)_[A-Za-z0-9]+")
STRIPE_FIELDS = {
    "ch": "stripe_charge_id",
    "py": "stripe_charge_id",
    "pi": "stripe_payment_intent_id",
    "in": "stripe_invoice_id",
    "txn": "stripe_balance_transaction_id",
}


class ReceivedOnFilter(DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "date"


class PaymentHistoryInline(HistoryInline):
    """The payment's audit trail, as the ledger wrote it."""

    model = PaymentStatusChange

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("payment")

    @admin.display(description="By")
    def who(self, obj):
        if obj.changed_by:
            return display_name(obj.changed_by)
        return "Stripe" if obj.payment.channel == Channel.CARD else "—"


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    inlines = [PaymentHistoryInline]
    # Related values share a cell (amount with fee and net, status with channel, campaign
    # with story), so the list fits beside the filters at 1280 px.
    list_display = ["date", "donor", "money", "status_and_channel", "campaign_and_story"]
    list_select_related = ["pledge__campaign", "pledge__article"]
    list_filter = ["status", "channel", "pledge__campaign", ("received_at", ReceivedOnFilter)]
    search_fields = ["pledge__donor_name", "pledge__email", "=pledge__reference"]
    search_help_text = (
        "Donor name or e-mail, the pledge's reference (whole), or one of Stripe's ids (ch_…, "
        "pi_…, in_…, txn_…, whole)."
    )
    show_full_result_count = False
    list_per_page = 100
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("date", "status"),
                    ("amount_column", "fee_column", "net_column", "refunded_column"),
                    ("channel", "pledge_link"),
                    "note",
                    "failure_message",
                    "recorded",
                ]
            },
        ),
        (
            "Stripe",
            {
                "fields": [
                    ("payment_intent", "charge"),
                    ("invoice", "balance_transaction"),
                ]
            },
        ),
    ]
    readonly_fields = [
        "date",
        "status",
        "amount_column",
        "fee_column",
        "net_column",
        "refunded_column",
        "channel",
        "pledge_link",
        "failure_message",
        "recorded",
        "payment_intent",
        "charge",
        "invoice",
        "balance_transaction",
    ]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_search_results(self, request, queryset, search_term):
        # Stripe's ids and whole addresses are exact look-ups on their indexes; anything
        # else is each word in the donor's name, address or reference, found among the
        # pledges first so the payments' condition is on their own table.
        term = search_term.strip()
        if not term:
            return queryset, False
        if STRIPE_ID.fullmatch(term):
            return queryset.filter(**{STRIPE_FIELDS[term.split("_")[0]]: term}), False
        if EMAIL_ADDRESS.fullmatch(term):
            return queryset.filter(pledge__in=Pledge.objects.for_donor(term)), False
        for word in term.split():
            found = Pledge.objects.filter(
                Q(reference=word) | Q(donor_name__icontains=word) | Q(email__icontains=word)
            )
            queryset = queryset.filter(pledge__in=found.values("pk"))
        return queryset, False

    def has_add_permission(self, request):
        return False  # from the pledge's page, where the pledge is known

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.channel == Channel.CARD:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return [*self.readonly_fields, "note"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if "note" in form.changed_data:
            ledger.update_payment(obj, note=form.cleaned_data["note"], by=request.user)

    # Columns and fields

    @admin.display(description="Date", ordering="received_at")
    def date(self, obj):
        return short_date(obj.received_at, with_time=True)

    @admin.display(description="Donor", ordering="pledge__donor_name")
    def donor(self, obj):
        return donor_html(obj.pledge)

    @admin.display(description="Amount", ordering="amount")
    def amount_column(self, obj):
        return obj.amount_display

    @admin.display(description="Amount, fee, net", ordering="amount")
    def money(self, obj):
        return format_html(
            '{}<span class="campaign-donors">fee {}</span>'
            '<span class="campaign-donors">net {}</span>',
            obj.amount_display,
            self.fee_column(obj),
            self.net_column(obj),
        )

    @admin.display(description="Status", ordering="status")
    def status_and_channel(self, obj):
        return format_html(
            '{}<span class="campaign-donors">{}</span>',
            obj.get_status_display(),
            obj.get_channel_display(),
        )

    @admin.display(description="Fee")
    def fee_column(self, obj):
        return format_money(obj.counted_fee, obj.currency)

    @admin.display(description="Net")
    def net_column(self, obj):
        return format_money(obj.net, obj.currency)

    @admin.display(description="Refunded")
    def refunded_column(self, obj):
        return format_money(obj.refunded, obj.currency)

    @admin.display(description="Campaign and story", ordering="pledge__campaign__name")
    def campaign_and_story(self, obj):
        article = obj.pledge.article
        story = article.headline if article else "Direct"
        return format_html(
            '{}<br><span class="pledge-source">{}</span>', obj.pledge.campaign.name, story
        )

    @admin.display(description="Pledge")
    def pledge_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:donations_pledge_change", args=[obj.pledge_id]),
            obj.pledge,
        )

    # Stripe's ids, under their own heading: what reconcile_payments and Stripe's
    # dashboard search by.

    @admin.display(description="Payment intent")
    def payment_intent(self, obj):
        return obj.stripe_payment_intent_id or "—"

    @admin.display(description="Charge")
    def charge(self, obj):
        return obj.stripe_charge_id or "—"

    @admin.display(description="Invoice")
    def invoice(self, obj):
        return obj.stripe_invoice_id or "—"

    @admin.display(description="Balance transaction")
    def balance_transaction(self, obj):
        return obj.stripe_balance_transaction_id or "—"

    @admin.display(description="Recorded")
    def recorded(self, obj):
        when = short_date(obj.created_at, with_time=True)
        if obj.recorded_by:
            return f"{when}, by {display_name(obj.recorded_by)}"
        return f"{when}, from Stripe" if obj.channel == Channel.CARD else when
