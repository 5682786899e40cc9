"""Stripe for the payment tests: localstripe (tests/stand_ins/localstripe_server.py), a
stateful stand-in for Stripe's API and Stripe.js, started once per test session on a
loopback port; each test that asks for `stripe_server` gets it emptied and the settings
pointing at it, and talks to it with the official SDK through donations.gateway."""

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "sk_test_newsroom"
PUBLISHABLE_KEY = "pk_test_newsroom"
WEBHOOK_SECRET = "whsec_newsroom_tests"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe():
    """localstripe's base URL, for the whole session."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.stand_ins.localstripe_server", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{base}/js.stripe.com/v3/", timeout=1).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(
                    "localstripe did not start: " + process.stderr.read().decode()[-2000:]
                ) from None
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe_server(localstripe, settings):
    """Card payments on, against an empty localstripe; its base URL."""
    request = urllib.request.Request(f"{localstripe}/_config/data", method="DELETE")
    urllib.request.urlopen(request, timeout=5).read()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe
    settings.STRIPE_JS_URL = f"{localstripe}/js.stripe.com/v3/"
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0
    return localstripe


def card_entered(base, client_secret, number="4242424242424242"):
    """What Stripe.js does when the donor types a card and the page confirms the setup
    (localstripe's Stripe.js makes this same request): the card goes to Stripe, never to
    us. Returns Stripe's answer (a dict; an "error" key when the card is refused)."""
    setup_intent = client_secret.split("_secret_")[0]
    body = {
        "key": PUBLISHABLE_KEY,
        "use_stripe_sdk": True,
        "client_secret": client_secret,
        "payment_method_data": {
            "type": "card",
            "card": {"number": number, "exp_month": "12", "exp_year": "2034", "cvc": "123"},
            "billing_details": {"name": "Test Donor"},
        },
    }
    request = urllib.request.Request(
        f"{base}/v1/setup_intents/{setup_intent}/confirm",
        data=json.dumps(body).encode(),
        method="POST",
    )
    try:
        return json.loads(urllib.request.urlopen(request, timeout=10).read())
    except urllib.error.HTTPError as error:
        return json.loads(error.read())
