"""Giving by card through the pages, against localstripe (tests/donations/conftest.py):
the pledge form, the card step (the card typed into Stripe's field is what
`card_entered()` sends to Stripe), and Stripe's webhook with events signed by the SDK."""

import json
import time
import urllib.request

import stripe
from django.urls import reverse

from donations import gateway
from donations.models import Pledge
from tests.donations.conftest import PUBLISHABLE_KEY, WEBHOOK_SECRET, card_entered
from tests.donations.test_pledge_page import filled_in, page_url

GOOD_CARD = "4242424242424242"
# Set up without trouble, declined when charged (Stripe's test card, as localstripe has it).
DECLINED_WHEN_CHARGED = "4000000000000341"
# Declined when set up: Stripe.js tells the donor, and nothing reaches us.
DECLINED_AT_ONCE = "4000000000000002"


def start_gift(client, campaign, **fields):
    """The pledge form sent: returns the pledge awaiting payment and the card step's page."""
    response = client.post(page_url(campaign), filled_in(client, campaign, **fields))
    assert response.status_code == 303, response.content.decode()[:2000]
    pledge = Pledge.objects.get(reference=response["Location"].rstrip("/").split("/")[-1])
    assert response["Location"] == reverse("donations:pay", args=[pledge.reference])
    return pledge, client.get(response["Location"])


def setup_secret(page):
    return page.context["setup_secret"]


def pay(client, server, pledge, page, card=GOOD_CARD, confirm=True, address="127.0.0.1"):
    """Type the card into Stripe's field, then send the card step (from `address`)."""
    answer = card_entered(server, setup_secret(page), card)
    assert "error" not in answer, answer
    data = {"setup_intent": answer["id"]}
    if confirm:
        data["confirm_recurring"] = "1"
    url = reverse("donations:pay", args=[pledge.reference])
    return client.post(url, data, REMOTE_ADDR=address)


def give(client, server, campaign, card=GOOD_CARD, **fields):
    pledge, page = start_gift(client, campaign, **fields)
    response = pay(client, server, pledge, page, card)
    pledge.refresh_from_db()
    return pledge, response


def event(type_, obj, *, created=None, event_id=None):
    created = created or int(time.time())
    return {
        "id": event_id or f"evt_test_{type_.replace('.', '_')}_{obj.get('id', '')}_{created}",
        "object": "event",
        "type": type_,
        "created": created,
        "api_version": stripe.api_version,
        "livemode": False,
        "data": {"object": obj},
    }


def post_event(client, body, secret=WEBHOOK_SECRET):
    """Send an event to our webhook, signed as Stripe signs it (the SDK's own signing)."""
    payload = json.dumps(body)
    header = stripe.WebhookSignature.generate_signature_header(payload, secret)
    return client.post(
        reverse("donations:stripe-webhook"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )


def stripe_client():
    return gateway.client()


# Needs the bank's authentication (3-D Secure) when set up and when charged.
AUTHENTICATED_CARD = "4000002500003155"


def bank_answers(base, client_secret, success=True):
    """What Stripe.js does after the donor passes (or fails) their bank's check on a
    payment intent (localstripe's Stripe.js makes this same request)."""
    intent = client_secret.split("_secret_")[0]
    body = json.dumps({"key": PUBLISHABLE_KEY, "client_secret": client_secret}).encode()
    request = urllib.request.Request(
        f"{base}/v1/payment_intents/{intent}/_authenticate?success={str(success).lower()}",
        data=body,
        method="POST",
    )
    return json.loads(urllib.request.urlopen(request, timeout=10).read())


def card_entered_with_authentication(base, client_secret, number=AUTHENTICATED_CARD):
    """A card whose setup the bank checks: the first confirmation asks for it, the second
    (after the donor passed it) completes."""
    answer = card_entered(base, client_secret, number)
    if answer.get("status") == "requires_action":
        setup_intent = client_secret.split("_secret_")[0]
        body = json.dumps({"key": PUBLISHABLE_KEY, "client_secret": client_secret}).encode()
        request = urllib.request.Request(
            f"{base}/v1/setup_intents/{setup_intent}/confirm", data=body, method="POST"
        )
        answer = json.loads(urllib.request.urlopen(request, timeout=10).read())
    return answer
