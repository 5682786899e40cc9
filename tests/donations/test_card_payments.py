"""Card gifts through the pages, against localstripe with the official SDK: one-time and
monthly gifts paid, a declined card, the fee covered, and the offer to make a gift
monthly."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from donations.models import Payment, PaymentAttempt, Pledge
from tests.donations.payments import (
    DECLINED_WHEN_CHARGED,
    bank_answers,
    card_entered_with_authentication,
    give,
    pay,
    start_gift,
    stripe_client,
)
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def test_a_one_time_gift_ends_as_a_payment_and_a_receipt(client, stripe_server, run_tasks):
    campaign = make_campaign()
    pledge, page = start_gift(client, campaign, frequency="one_time", amount="25")
    assert pledge.status == Pledge.Status.INCOMPLETE
    html = page.content.decode()
    assert "Your gift: $25 once" in html
    assert "Give $25 once" in html
    assert stripe_server in page["Content-Security-Policy"]
    # Stripe's origins on the card step only.
    form_page = client.get(reverse("donations:pledge", args=[campaign.slug]))
    assert stripe_server not in form_page["Content-Security-Policy"]
    assert "js.stripe.com" not in form_page["Content-Security-Policy"]
    assert not mail.outbox  # nothing paid, no receipt yet

    response = pay(client, stripe_server, pledge, page)
    assert response.status_code == 303
    assert response["Location"] == pledge.get_absolute_url()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.FULFILLED
    payment = pledge.payments.get()
    assert (payment.amount, payment.currency, payment.status) == (
        Decimal("25.00"),
        "USD",
        Payment.Status.SUCCEEDED,
    )
    intent = stripe_client().v1.payment_intents.retrieve(payment.stripe_payment_intent_id)
    assert (intent.status, intent.amount) == ("succeeded", 2500)
    assert Pledge.objects.get(pk=pledge.pk).campaign.totals.received == Decimal("25")

    run_tasks()
    assert [m.subject for m in mail.outbox] == ["Thank you for your gift to The Newsroom"]
    assert "Paid by:    card" in mail.outbox[0].body
    assert "/donate/manage/" in mail.outbox[0].body
    thanks = client.get(pledge.get_absolute_url()).content.decode()
    assert "Gift received" in thanks and "Make it monthly?" in thanks


def test_a_monthly_gift_makes_a_subscription_and_says_when_it_charges(client, stripe_server):
    campaign = make_campaign()
    pledge, page = start_gift(client, campaign, frequency="monthly", amount="18")
    html = page.content.decode()
    assert "$18 every month, first today, next on" in html
    assert "Yes, charge $18 every month until I cancel" in html

    response = pay(client, stripe_server, pledge, page)
    assert response.status_code == 303
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACTIVE
    assert pledge.next_charge_at is not None
    subscription = stripe_client().v1.subscriptions.retrieve(pledge.stripe_subscription_id)
    assert subscription.status == "active"
    assert subscription["items"].data[0].quantity == 1800
    assert pledge.payments.get().stripe_invoice_id == subscription.latest_invoice
    totals = Pledge.objects.get(pk=pledge.pk).campaign.totals
    assert (totals.received, totals.monthly_part) == (Decimal("18"), Decimal("18"))
    thanks = client.get(pledge.get_absolute_url()).content.decode()
    assert "$18 every month, next on" in thanks


def test_a_recurring_gift_is_not_charged_without_the_second_confirmation(client, stripe_server):
    pledge, page = start_gift(client, make_campaign(), frequency="annual", amount="120")
    response = pay(client, stripe_server, pledge, page, confirm=False)
    assert response.status_code == 200
    assert "Please tick the box to confirm" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.INCOMPLETE and not pledge.stripe_subscription_id
    assert not Payment.objects.exists()


def test_a_declined_card_says_so_keeps_the_gift_and_records_nothing_paid(client, stripe_server):
    pledge, page = start_gift(client, make_campaign(), frequency="one_time", amount="40")
    response = pay(client, stripe_server, pledge, page, DECLINED_WHEN_CHARGED)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your card was declined, and nothing was charged." in html
    assert "Your gift: $40 once" in html  # the same gift, ready for another card
    assert response.context["setup_secret"]  # a new setup for the next card
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.INCOMPLETE
    assert not Payment.objects.exists()
    assert Pledge.objects.get(pk=pledge.pk).campaign.totals.raised == 0
    assert list(PaymentAttempt.objects.values_list("outcome", flat=True)) == ["declined"]

    second = pay(client, stripe_server, pledge, response)
    assert second.status_code == 303
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.FULFILLED


def test_a_declined_monthly_gift_leaves_no_subscription_running(client, stripe_server):
    pledge, page = start_gift(client, make_campaign(), frequency="monthly")
    response = pay(client, stripe_server, pledge, page, DECLINED_WHEN_CHARGED)
    assert "Your card was declined" in response.content.decode()
    running = stripe_client().v1.subscriptions.list(params={"status": "active"})
    assert running.data == []
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.INCOMPLETE and not pledge.stripe_subscription_id


def test_covering_the_fees_charges_the_gift_plus_the_fee(client, stripe_server, settings):
    settings.NEWSROOM_FEE_PERCENT, settings.NEWSROOM_FEE_FIXED = Decimal("2.9"), Decimal("0.30")
    pledge, page = start_gift(
        client, make_campaign(), frequency="one_time", amount="50", covers_fees="on"
    )
    # (50 + 0.30) / (1 - 0.029) = 51.8022…, rounded up: the gift arrives whole.
    assert (pledge.amount, pledge.fees_covered, pledge.gift_amount) == (
        Decimal("51.81"),
        Decimal("1.81"),
        Decimal("50.00"),
    )
    assert "Card fees you cover" in page.content.decode()
    pay(client, stripe_server, pledge, page)
    assert Payment.objects.get().amount == Decimal("51.81")


def test_a_one_time_gift_can_be_made_monthly_on_the_same_card(client, stripe_server, run_tasks):
    campaign = make_campaign()
    pledge, _ = give(client, stripe_server, campaign, frequency="one_time", amount="30")
    response = client.post(reverse("donations:monthly", args=[pledge.reference]))
    assert response.status_code == 303
    monthly = Pledge.objects.get(upgraded_from=pledge)
    assert response["Location"] == monthly.get_absolute_url()
    assert (monthly.status, monthly.amount, monthly.frequency) == (
        Pledge.Status.ACTIVE,
        Decimal("30"),
        "monthly",
    )
    assert not monthly.payments.exists()  # first charged a month from now
    subscription = stripe_client().v1.subscriptions.retrieve(monthly.stripe_subscription_id)
    # Nothing charged before its first month (Stripe calls it trialing; localstripe keeps
    # it incomplete): its first charge is at trial_end.
    assert subscription.trial_end == int(monthly.next_charge_at.timestamp())
    assert monthly.next_charge_at > pledge.created_at + timedelta(days=27)
    run_tasks()
    receipt = mail.outbox[-1].body
    assert f"First payment: {monthly.next_charge_at:%-d %B %Y}, by card" in receipt
    # Offered once.
    client.post(reverse("donations:monthly", args=[pledge.reference]))
    assert Pledge.objects.filter(upgraded_from=pledge).count() == 1
    assert "Make it monthly?" not in client.get(pledge.get_absolute_url()).content.decode()


def test_without_stripe_keys_the_form_records_a_promise(client):
    campaign = make_campaign()
    response = client.get(reverse("donations:pledge", args=[campaign.slug]))
    assert "Pledge my gift" in response.content.decode()
    assert "covers_fees" not in response.content.decode()
    assert client.get(reverse("donations:pay", args=["anything"])).status_code == 404


def test_a_charge_the_bank_must_authenticate_finishes_after_it_does(client, stripe_server):
    pledge, page = start_gift(client, make_campaign(), frequency="one_time", amount="70")
    answer = card_entered_with_authentication(stripe_server, page.context["setup_secret"])
    url = reverse("donations:pay", args=[pledge.reference])
    asked = client.post(url, {"setup_intent": answer["id"]})
    assert asked.status_code == 200
    secret = asked.context["action_secret"]
    assert secret and f'data-action="{secret}"' in asked.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.INCOMPLETE and not Payment.objects.exists()

    bank_answers(stripe_server, secret, success=True)
    done = client.post(url, {"payment_intent": secret.split("_secret_")[0]})
    assert done.status_code == 303
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.FULFILLED
    assert pledge.payments.get().amount == Decimal("70")


def test_a_failed_authentication_charges_nothing_and_asks_again(client, stripe_server):
    pledge, page = start_gift(client, make_campaign(), frequency="monthly", amount="20")
    answer = card_entered_with_authentication(stripe_server, page.context["setup_secret"])
    url = reverse("donations:pay", args=[pledge.reference])
    asked = client.post(url, {"setup_intent": answer["id"], "confirm_recurring": "1"})
    secret = asked.context["action_secret"]
    assert secret
    bank_answers(stripe_server, secret, success=False)
    failed = client.post(
        url, {"payment_intent": secret.split("_secret_")[0], "confirm_recurring": "1"}
    )
    assert "Your bank did not confirm the payment" in failed.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.INCOMPLETE
    assert not pledge.stripe_subscription_id
    assert stripe_client().v1.subscriptions.list(params={"status": "active"}).data == []
    assert failed.context["setup_secret"]  # ready for another try
