"""The card payment step after the pledge form, the offer to make a one-time gift monthly,
and Stripe's webhook. Only these pages load Stripe.js, and only they allow Stripe's
origins in their Content-Security-Policy."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from donations import card_limits, checkout, gateway, upgrades
from donations.models import Pledge
from donations.views import HttpResponseSeeOther
from newsroom.serving import throttle

logger = logging.getLogger(__name__)

STRIPE_ORIGINS = ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"]
UNAVAILABLE = (
    "Card payments are not answering just now. Nothing was charged; please try again in a "
    "few minutes."
)


def stripe_policy(response):
    """Allow Stripe.js, its frames and its API on this response only."""
    script = urlsplit(settings.STRIPE_JS_URL)
    origins = {f"{script.scheme}://{script.netloc}", *STRIPE_ORIGINS}
    api = "https://api.stripe.com"
    if settings.STRIPE_API_BASE:
        api_url = urlsplit(settings.STRIPE_API_BASE)
        api = f"{api_url.scheme}://{api_url.netloc}"
    response._csp_update = {
        "script-src": sorted(origins),
        "frame-src": sorted(origins),
        "connect-src": [api, *sorted(origins)],
    }
    return response


def payable_pledge(reference):
    if not gateway.enabled():
        raise Http404("Card payments are off.")
    return get_object_or_404(
        Pledge.objects.select_related("campaign", "article"), reference=reference
    )


@never_cache
def pay(request, reference):
    """The card step: GET shows it, POST charges the card set up in Stripe's field."""
    pledge = payable_pledge(reference)
    if pledge.status != Pledge.Status.INCOMPLETE:
        if pledge.status == Pledge.Status.CANCELLED:
            return render(request, "donations/pay_closed.html", {"pledge": pledge}, status=410)
        return redirect(pledge.get_absolute_url())
    result = checkout.Result()
    if request.method == "POST":
        try:
            result = _charge(request, pledge)
        except throttle.ThrottleUnavailable:
            result = checkout.Result(error=checkout.LIMITED)
        except gateway.StripeError:
            logger.exception("Stripe failed during the payment of %s", pledge.reference)
            result = checkout.Result(error=UNAVAILABLE)
        if result.paid:
            return HttpResponseSeeOther(pledge.get_absolute_url())
        pledge.refresh_from_db()
    return _page(request, pledge, result)


def _charge(request, pledge):
    if pledge.is_recurring and not request.POST.get("confirm_recurring"):
        return checkout.Result(
            error="Please tick the box to confirm that this gift repeats until you cancel it."
        )
    source = card_limits.Source(request, pledge)
    return checkout.pay(
        pledge,
        source,
        setup_intent_id=request.POST.get("setup_intent", "")[:64],
        payment_intent_id=request.POST.get("payment_intent", "")[:64],
    )


def _page(request, pledge, result):
    client_secret = ""
    if not result.client_secret:
        try:
            client_secret = checkout.prepare(pledge)
        except gateway.StripeError:
            logger.exception("Stripe failed while preparing the payment of %s", pledge.reference)
            result = checkout.Result(error=UNAVAILABLE)
    context = {
        "pledge": pledge,
        "campaign": pledge.campaign,
        "summary": upgrades.summary(pledge),
        "error": result.error,
        "setup_secret": client_secret,
        "action_secret": result.client_secret,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "stripe_js": settings.STRIPE_JS_URL,
        "change_url": reverse("donations:pledge", args=[pledge.campaign.slug])
        + upgrades.form_query(pledge),
        "confirm_checked": bool(request.POST.get("confirm_recurring")),
    }
    response = render(request, "donations/pay.html", context)
    return stripe_policy(response)


@never_cache
@require_POST
def make_monthly(request, reference):
    """The offer after a one-time card gift: the same amount every month from next month."""
    pledge = payable_pledge(reference)
    if not upgrades.can_make_monthly(pledge):
        return redirect(pledge.get_absolute_url())
    try:
        monthly = upgrades.make_monthly(pledge)
    except gateway.StripeError:
        logger.exception("Stripe failed making %s monthly", pledge.reference)
        return redirect(pledge.get_absolute_url() + "?monthly=failed")
    return HttpResponseSeeOther(monthly.get_absolute_url())


@csrf_exempt  # Stripe signs its requests; there is no session or form to protect
@require_POST
def webhook(request):
    """Stripe's events: the signature checked, each event kept once, the work queued. A
    resend answers 200 and changes nothing; a bad signature answers 400 and changes
    nothing."""
    if not gateway.enabled():
        raise Http404("Card payments are off.")
    from donations import stripe_events

    signature = request.headers.get("Stripe-Signature", "")
    if not signature:
        return HttpResponseBadRequest("Missing Stripe-Signature header.")
    try:
        event, created = stripe_events.receive(request.body, signature)
    except (gateway.SignatureError, ValueError, KeyError):
        return HttpResponseBadRequest("The signature does not match this body.")
    return JsonResponse({"received": event.event_id, "duplicate": not created})
