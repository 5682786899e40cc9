"""The reader-facing forms: the pledge form and the appeal beacon."""

import re
import secrets
import unicodedata
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import get_text_list

from articles.models import Article
from donations import fees, gateway
from donations.models import Campaign, Channel, Frequency, Pledge
from donations.money import CURRENCY_SYMBOLS, format_money

FORM_SALT = "donations.pledge-form"
# A form older than this was left open in a tab; the reader is asked to check it again.
TOKEN_MAX_AGE = 2 * 60 * 60

NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
# Text direction overrides and isolates can make a name read differently in the admin.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

PER = {
    Frequency.ONE_TIME: " as a one-time gift",
    Frequency.MONTHLY: " a month",
    Frequency.ANNUAL: " a year",
}

GENERIC_REFUSAL = "We could not take this pledge. Please check the form and send it again."


def parse_amount(text, currency):
    """ "18", "$18.50", "1,000" → Decimal within the pledge limits; ValidationError if not."""
    text = text.strip()
    text = text.removeprefix(CURRENCY_SYMBOLS.get(currency, currency)).strip()
    if THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if len(text) > 20 or not NUMBER.fullmatch(text):
        raise ValidationError("Enter the amount in figures, like 18 or 18.50.", code="invalid")
    amount = Decimal(text)
    if amount <= 0:
        raise ValidationError("The amount must be more than zero.", code="not_positive")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(
            "Use at most two decimal places, like 18.50.", code="max_decimal_places"
        )
    lowest, highest = settings.NEWSROOM_PLEDGE_MIN, settings.NEWSROOM_PLEDGE_MAX
    if amount < lowest:
        raise ValidationError(
            f"The smallest pledge we can take is {format_money(lowest, currency)}.",
            code="too_small",
        )
    if amount > highest:
        raise ValidationError(
            f"The most this form takes is {format_money(highest, currency)}. "
            "For a larger gift, please write to us.",
            code="too_large",
        )
    return amount.quantize(Decimal("0.01"))


def make_token():
    """A signed, timestamped random nonce: the form's one-time submission key."""
    return signing.TimestampSigner(salt=FORM_SALT).sign(secrets.token_urlsafe(18))


def read_token(token):
    """The nonce in a token that is genuine, not too old and not too fresh."""
    signer = signing.TimestampSigner(salt=FORM_SALT)
    try:
        nonce = signer.unsign(token, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(
            "This form was open for a long time. Please check it and send it again.",
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(GENERIC_REFUSAL, code="tampered") from None
    minimum = settings.NEWSROOM_PLEDGE_MIN_SECONDS
    if minimum:
        # A token still "fresh" within the minimum was sent faster than a person types.
        try:
            signer.unsign(token, max_age=minimum)
        except signing.SignatureExpired:
            return nonce
        raise ValidationError(
            "That was quicker than we expected — please check the form and send it again.",
            code="too_fast",
        )
    return nonce


def published_article(value):
    """The published story with this id, or None for anything else."""
    value = str(value or "").strip()
    if not re.fullmatch(r"[0-9]{1,18}", value):
        return None
    return Article.objects.published().filter(pk=int(value)).first()


class PledgeForm(forms.Form):
    """A reader's pledge: amount, frequency, who they are; with a honeypot and a timed token."""

    frequency = forms.ChoiceField(
        label="How often",
        choices=[
            (Frequency.ONE_TIME, "Once"),
            (Frequency.MONTHLY, "Monthly"),
            (Frequency.ANNUAL, "Yearly"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how often you would like to give.",
            "invalid_choice": "Choose how often you would like to give.",
        },
    )
    amount = forms.CharField(
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "transaction-amount", "maxlength": 20}
        ),
        error_messages={"required": "Enter how much you would like to give."},
    )
    donor_name = forms.CharField(
        label="Your name",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Enter your name.",
            "max_length": "Please shorten your name to 120 characters or fewer.",
        },
    )
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        help_text="For your receipt. We never share it.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address, so we can send your receipt.",
            "invalid": "Enter an e-mail address like name@example.org.",
            "max_length": "Please use an e-mail address of 254 characters or fewer.",
        },
    )
    message = forms.CharField(
        label="A message to the newsroom (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Please keep your message to 1,000 characters or fewer."},
    )
    is_public = forms.BooleanField(
        label="You may list my name among our supporters",
        required=False,
        help_text="We never publish amounts or e-mail addresses.",
    )
    covers_fees = forms.BooleanField(
        label="Add a little to cover the card fees",
        required=False,
        help_text="So that your whole gift reaches the newsroom. You see the exact amount "
        "before you pay.",
    )
    article = forms.CharField(required=False, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by simple bots.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, campaign, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.currency_symbol = CURRENCY_SYMBOLS.get(campaign.currency, campaign.currency)
        self.fields["amount"].help_text = self.amount_hint()
        # The token the page carries next: the submitted one while it is still good.
        self.next_token = self.data.get("token", "") if self.is_bound else make_token()
        self.submission_key = ""
        self.source_article = None
        self.takes_cards = gateway.enabled()
        if not self.takes_cards:
            del self.fields["covers_fees"]

    @classmethod
    def from_query(cls, *, campaign, query):
        """An empty form filled in from an appeal link: ?amount=&frequency=&article=."""
        initial = {"frequency": campaign.default_frequency}
        if query.get("frequency") in Frequency.values:
            initial["frequency"] = query["frequency"]
        try:
            amount = parse_amount(query.get("amount", ""), campaign.currency)
        except ValidationError:
            pass
        else:
            initial["amount"] = f"{amount:f}".removesuffix(".00")
        form = cls(campaign=campaign, initial=initial)
        form.source_article = published_article(query.get("article"))
        if form.source_article:
            form.initial["article"] = form.source_article.pk
        return form

    def amount_hint(self):
        """The limits, and the campaign's suggestions in words that hold for any frequency."""
        currency = self.campaign.currency
        lowest = format_money(settings.NEWSROOM_PLEDGE_MIN, currency)
        highest = format_money(settings.NEWSROOM_PLEDGE_MAX, currency)
        hint = f"Any amount from {lowest} to {highest}."
        frequency = self.campaign.default_frequency
        suggested = [
            format_money(amount, currency) for amount in self.campaign.suggested_amounts(frequency)
        ]
        if suggested:
            hint += f" Readers often give {get_text_list(suggested, 'or')}{PER[frequency]}."
        return hint

    def clean_amount(self):
        return parse_amount(self.cleaned_data["amount"], self.campaign.currency)

    def clean_donor_name(self):
        name = self.cleaned_data["donor_name"]
        if any(c in "<>" or c in BIDI_CONTROLS or unicodedata.category(c) == "Cc" for c in name):
            raise ValidationError(
                "Please write your name with letters and ordinary punctuation, "
                "without < or > signs.",
                code="invalid_characters",
            )
        return name

    def clean_article(self):
        return published_article(self.cleaned_data["article"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(GENERIC_REFUSAL, code="honeypot")
        try:
            self.submission_key = read_token(cleaned.get("token", ""))
        except ValidationError:
            self.next_token = make_token()
            raise
        return cleaned

    def looks_automated(self):
        """True when the form failed in a way only a program fails it (the hidden field filled
        in, the token forged); such failures count against the address like a pledge."""
        return any(self.has_error(NON_FIELD_ERRORS, code) for code in ("honeypot", "tampered"))

    def pledge_fields(self):
        """The keyword arguments record_pledge() takes from this form: a promise, or with
        card payments on, a card gift awaiting its payment (with the fees on top if the
        donor chose to cover them)."""
        data = self.cleaned_data
        card = {}
        if self.takes_cards:
            amount, covered = data["amount"], Decimal("0")
            if data.get("covers_fees"):
                amount, covered = fees.covering(data["amount"])
            card = {
                "amount": amount,
                "fees_covered": covered,
                "status": Pledge.Status.INCOMPLETE,
                "channel": Channel.CARD,
            }
        return {
            "amount": data["amount"],
            "frequency": data["frequency"],
            "donor_name": data["donor_name"],
            "email": data["email"],
            "message": data["message"],
            "is_public": data["is_public"],
            "article": data["article"],
            "submission_key": self.submission_key,
            **card,
        }


class AppealSeenForm(forms.Form):
    """The beacon's payload: a live campaign and a published story, by id."""

    campaign = forms.ModelChoiceField(queryset=Campaign.objects.none())
    article = forms.ModelChoiceField(queryset=Article.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request: live() and published() read the clock.
        self.fields["campaign"].queryset = Campaign.objects.live()
        self.fields["article"].queryset = Article.objects.published()
