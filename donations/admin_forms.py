"""The fundraising desk's forms: a campaign and where it runs, a pledge's status change, an
offline pledge and the instalments the desk marks received."""

from datetime import datetime, time
from decimal import Decimal

from django import forms
from django.utils import timezone

from donations.models import Campaign, Channel, Payment, Pledge


class CampaignAdminForm(forms.ModelForm):
    """A campaign; its rules (Campaign.clean(), and where it runs) come back beside their field."""

    class Meta:
        model = Campaign
        fields = [
            "name",
            "slug",
            "appeal_headline",
            "appeal_body",
            "call_to_action",
            "goal",
            "currency",
            "totals_shown_from",
            "starts_at",
            "ends_at",
            "is_active",
            "priority",
            "default_frequency",
            "one_time_amounts",
            "monthly_amounts",
            "annual_amounts",
            "targets_all",
            *Campaign.TARGETING,
            *Campaign.EXCLUSIONS,
        ]
        widgets = {
            "appeal_headline": forms.TextInput(attrs={"class": "vLargeTextField headline-input"}),
        }

    def clean(self):
        # The one rule Campaign.clean() cannot hold: the sections, tags and places are saved
        # after the campaign, so only the form sees the ones being chosen. The model's own
        # rules come back beside their fields from full_clean() in ModelForm._post_clean().
        cleaned = super().clean()
        # A field that failed its own validation is missing here: no second message for it.
        if (
            "targets_all" in cleaned
            and not cleaned["targets_all"]
            and all(name in cleaned and not cleaned[name] for name in Campaign.TARGETING)
        ):
            self.add_error(
                "targets_all",
                forms.ValidationError(
                    "Choose at least one section, tag or place below, or tick “all "
                    "stories”: otherwise no story carries this appeal.",
                    code="no_targets",
                ),
            )
        return cleaned


class PledgeAdminForm(forms.ModelForm):
    """The one thing the desk changes on a pledge: its status, with an optional note."""

    note = forms.CharField(
        required=False,
        max_length=300,
        help_text="Why the status changed (kept in the history below). Optional.",
    )

    class Meta:
        model = Pledge
        fields = ["status"]


# Channels the desk records by hand: card money arrives through Stripe, never typed in.
OFFLINE_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.CARD]


class OfflinePledgeForm(forms.ModelForm):
    """A pledge made by cheque, transfer, phone or at an event, recorded by the desk."""

    channel = forms.ChoiceField(
        choices=OFFLINE_CHANNELS, help_text="How the money arrives (card gifts come online)."
    )

    class Meta:
        model = Pledge
        fields = [
            "campaign",
            "amount",
            "frequency",
            "channel",
            "donor_name",
            "email",
            "message",
            "is_public",
            "created_at",
        ]
        labels = {"created_at": "Pledged on"}
        help_texts = {
            "amount": "Each instalment's amount for a monthly or annual gift.",
            "email": "Needed for the donor's receipts, their export and their erasure.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amount"].min_value = Decimal("0.01")
        self.fields["amount"].widget.attrs["min"] = "0.01"

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError("The amount must be more than zero.", code="not_positive")
        return amount

    def save(self, commit=True):
        pledge = super().save(commit=False)
        pledge.currency = pledge.campaign.currency
        if commit:
            pledge.save()
        return pledge


class PaymentReceivedForm(forms.ModelForm):
    """One instalment the desk marks received: ticked, or nothing is recorded. The payment
    itself is written by donations.ledger.record_payment() (PledgeAdmin.save_formset)."""

    record = forms.BooleanField(required=False, label="Record")
    amount = forms.DecimalField(
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text="Empty: the pledge's amount.",
    )
    received_on = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    channel = forms.ChoiceField(choices=[("", "As the pledge"), *OFFLINE_CHANNELS], required=False)

    class Meta:
        model = Payment
        fields = ["note"]

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("A payment cannot arrive in the future.", code="future")
        return day

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("record"):
            # A row filled in but not ticked: say so rather than drop what was typed.
            raise forms.ValidationError(
                "Tick “Record” to record this payment, or clear the row.", code="not_ticked"
            )
        return cleaned

    def received_at(self):
        """The moment to record: now for today, the local noon of an earlier day."""
        day = self.cleaned_data["received_on"]
        if day == timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.combine(day, time(12)))
