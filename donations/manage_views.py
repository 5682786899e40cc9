"""The donor's own pages: ask for a link by e-mail, then see gifts and payments, change a
recurring amount, pause, resume or cancel, update the card, download receipts and a
yearly statement. Never cached; the link's token is the only key, and no page sends it on
as a referrer."""

import datetime as dt
import functools
import hashlib
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from donations import checkout, gateway, self_service, tasks
from donations.forms import parse_amount
from donations.models import Payment, Pledge
from donations.payment_views import stripe_policy
from donations.views import HttpResponseSeeOther
from newsroom.serving import throttle

HOUR = 60 * 60
LINKS_PER_ADDRESS = 10
LINKS_PER_EMAIL = 3
CHANGED = {
    "cancelled": "Your gift is cancelled. Nothing more will be charged.",
    "paused": "Your gift is paused. Nothing is charged until you resume it.",
    "resumed": "Your gift is resumed.",
    "amount": "Your gift's new amount applies from the next payment.",
    "card": "Your new card will be used from now on.",
    "failed": "We could not reach our payment processor. Nothing changed; please try again.",
}


class AskForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        help_text="The address you gave with your gift.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter the e-mail address you gave with your gift.",
            "invalid": "Enter an e-mail address like name@example.org.",
        },
    )


def private(response):
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def ask(request):
    form = AskForm(request.POST or None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        digest = hashlib.sha256(email.lower().encode()).hexdigest()
        try:
            allowed = throttle.hit(
                f"manage:address:{throttle.client_address(request)}",
                limit=LINKS_PER_ADDRESS,
                window=HOUR,
            ) and throttle.hit(f"manage:email:{digest}", limit=LINKS_PER_EMAIL, window=HOUR)
        except throttle.ThrottleUnavailable:
            allowed = False
        if allowed:
            tasks.send_manage_link.enqueue(email)
        # The same answer whether we hold gifts under the address, or it was throttled.
        return private(render(request, "donations/manage/sent.html", {"email": email}))
    return private(render(request, "donations/manage/ask.html", {"form": form}))


def donor_link(view):
    """A view behind a donor's link: called with the e-mail address the link was made for;
    an expired link gets the page that asks for a new one, a forged one a 404. Never
    cached, and never sent on as a referrer."""

    @functools.wraps(view)
    def wrapped(request, token, *args, **kwargs):
        try:
            email = self_service.read_token(token)
        except signing.BadSignature:
            raise Http404("Not a link of ours.") from None
        except self_service.LinkExpired:
            form = AskForm(label_suffix="")
            context = {"form": form, "expired": True}
            return private(render(request, "donations/manage/ask.html", context))
        return private(view(request, token, email, *args, **kwargs))

    return never_cache(wrapped)


@donor_link
def gifts(request, token, email):
    pledges = list(self_service.gifts_of(email))
    years = sorted(
        {
            p.received_at.year
            for pledge in pledges
            for p in pledge.payments.all()
            if p.status in Payment.RECEIVED
        },
        reverse=True,
    )
    context = {
        "email": email,
        "token": token,
        "pledges": pledges,
        "years": years,
        "changed": CHANGED.get(request.GET.get("changed", "")),
        "error": request.GET.get("error", ""),
    }
    return private(render(request, "donations/manage/gifts.html", context))


def donor_pledge(email, reference):
    return get_object_or_404(self_service.SHOWN.for_donor(email), reference=reference)


@donor_link
@require_POST
def change_gift(request, token, email, reference):
    pledge = donor_pledge(email, reference)
    action = request.POST.get("action", "")
    back = reverse("donations:manage-gifts", args=[token])
    card = pledge.stripe_subscription_id and gateway.enabled()
    try:
        if action == "cancel" and pledge.status not in (
            Pledge.Status.CANCELLED,
            Pledge.Status.REFUNDED,
        ):
            self_service.cancel(pledge)
            done = "cancelled"
        elif action == "pause" and card and pledge.status == Pledge.Status.ACTIVE:
            self_service.pause(pledge)
            done = "paused"
        elif action == "resume" and card and pledge.status == Pledge.Status.PAUSED:
            self_service.resume(pledge)
            done = "resumed"
        elif (
            action == "amount"
            and card
            and pledge.status
            in (
                Pledge.Status.ACTIVE,
                Pledge.Status.PAUSED,
            )
        ):
            try:
                amount = parse_amount(request.POST.get("amount", ""), pledge.currency)
            except ValidationError as error:
                query = urlencode({"error": error.messages[0]})
                return HttpResponseSeeOther(f"{back}?{query}#gift-{pledge.reference}")
            self_service.change_amount(pledge, amount)
            done = "amount"
        else:
            raise Http404("Not something this gift can do now.")
    except gateway.StripeError:
        done = "failed"
    return HttpResponseSeeOther(f"{back}?changed={done}#gift-{pledge.reference}")


@donor_link
def update_card(request, token, email, reference):
    pledge = donor_pledge(email, reference)
    if not (pledge.stripe_subscription_id and gateway.enabled()):
        raise Http404("This gift is not paid by card.")
    back = reverse("donations:manage-gifts", args=[token])
    error = ""
    if request.method == "POST":
        try:
            try:
                intent = gateway.retrieve_setup_intent(request.POST.get("setup_intent", "")[:64])
            except gateway.InvalidRequest:
                intent = {"status": "unknown"}
            if intent["status"] != "succeeded" or intent.get("customer") not in (
                pledge.stripe_customer_id,
                None,
            ):
                error = checkout.NOT_READY
            else:
                gateway.use_card(pledge, gateway.object_id(intent["payment_method"]))
                if pledge.status == Pledge.Status.PAST_DUE:
                    gateway.retry_open_invoices(pledge)
                return HttpResponseSeeOther(f"{back}?changed=card#gift-{pledge.reference}")
        except gateway.StripeError:
            error = CHANGED["failed"]
    try:
        Pledge.objects.filter(pk=pledge.pk).update(stripe_setup_intent_id="")
        pledge.stripe_setup_intent_id = ""
        secret = checkout.prepare(pledge)
    except gateway.StripeError:
        secret, error = "", CHANGED["failed"]
    context = {
        "pledge": pledge,
        "token": token,
        "error": error,
        "setup_secret": secret,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "stripe_js": settings.STRIPE_JS_URL,
    }
    return private(stripe_policy(render(request, "donations/manage/card.html", context)))


def _attachment(response, request, name):
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
    return private(response)


@donor_link
def receipt(request, token, email, payment_id):
    payment = get_object_or_404(
        Payment.objects.received().select_related("pledge__campaign"),
        pk=payment_id,
        pledge__in=self_service.SHOWN.for_donor(email),
    )
    response = render(
        request, "donations/manage/receipt.html", {"payment": payment, "pledge": payment.pledge}
    )
    return _attachment(response, request, f"receipt-{payment.received_at:%Y-%m-%d}-{payment.pk}")


@donor_link
def statement(request, token, email, year):
    if not 2000 <= year <= timezone.now().year:
        raise Http404("No statement for that year.")
    payments = list(self_service.received_in(email, year))
    totals = {}
    for payment in payments:
        totals[payment.currency] = totals.get(payment.currency, 0) + payment.received_amount
    context = {
        "email": email,
        "year": year,
        "payments": payments,
        "totals": sorted(totals.items()),
        "issued": dt.date.today(),
    }
    response = render(request, "donations/manage/statement.html", context)
    return _attachment(response, request, f"statement-{year}")
