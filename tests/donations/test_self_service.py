"""Donors manage their own gifts: the link by e-mail (the same answer for everyone), the
gifts page, changes that reach Stripe, receipts and the yearly statement, and the
card-testing limits."""

import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from donations import self_service
from donations.models import PaymentAttempt, Pledge
from tests.donations.conftest import card_entered
from tests.donations.payments import (
    DECLINED_WHEN_CHARGED,
    give,
    pay,
    start_gift,
    stripe_client,
)
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


def link_from_mail(message):
    return re.search(r"http://\S+/donate/manage/\S+/", message.body).group(0)


def test_asking_for_a_link_answers_the_same_for_anyone(client, stripe_server, run_tasks):
    give(client, stripe_server, make_campaign(), frequency="monthly", email="ana@example.org")
    run_tasks()
    mail.outbox.clear()
    pages = [
        client.post(reverse("donations:manage"), {"email": email}).content.decode()
        for email in ("ana@example.org", "nobody@example.org")
    ]
    assert pages[0].replace("ana@", "X@") == pages[1].replace("nobody@", "X@")
    run_tasks()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "/donate/manage/" in mail.outbox[0].body


def test_a_bad_address_comes_back_with_a_message(client):
    response = client.post(reverse("donations:manage"), {"email": "not an address"})
    assert "Enter an e-mail address like name@example.org." in response.content.decode()
    assert 'value="not an address"' in response.content.decode()


def test_cancelling_from_the_gifts_page_reaches_stripe(client, stripe_server, run_tasks):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="monthly", amount="18")
    client.post(reverse("donations:manage"), {"email": pledge.email})
    run_tasks()
    link = link_from_mail(mail.outbox[-1])
    page = client.get(link)
    assert page["Referrer-Policy"] == "no-referrer"
    html = page.content.decode()
    assert "$18/month" in html and "Cancel this gift" in html
    token = page.context["token"]
    response = client.post(
        reverse("donations:manage-gift", args=[token, pledge.reference]), {"action": "cancel"}
    )
    assert response.status_code == 303
    assert "changed=cancelled" in response["Location"]
    subscription = stripe_client().v1.subscriptions.retrieve(pledge.stripe_subscription_id)
    assert subscription.status == "canceled"
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED
    assert "Cancelled by the donor" in pledge.status_changes.last().note
    assert "Nothing more will be charged" in client.get(response["Location"]).content.decode()


def test_changing_the_amount_pausing_and_resuming_reach_stripe(client, stripe_server):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="monthly", amount="18")
    token = self_service.make_token(pledge.email)
    url = reverse("donations:manage-gift", args=[token, pledge.reference])
    client.post(url, {"action": "amount", "amount": "25"})
    subscription = stripe_client().v1.subscriptions.retrieve(pledge.stripe_subscription_id)
    assert subscription["items"].data[0].quantity == 2500
    pledge.refresh_from_db()
    assert pledge.amount == Decimal("25")
    assert pledge.campaign.totals.monthly_part == Decimal("25")

    bad = client.post(url, {"action": "amount", "amount": "lots"})
    assert "Enter+the+amount+in+figures" in bad["Location"]
    assert "Enter the amount in figures" in client.get(bad["Location"]).content.decode()

    client.post(url, {"action": "pause"})
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PAUSED
    assert (
        stripe_client().v1.subscriptions.retrieve(pledge.stripe_subscription_id).pause_collection
    )
    assert pledge.campaign.totals.monthly_part == 0
    client.post(url, {"action": "resume"})
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACTIVE


def test_another_donors_gift_cannot_be_touched(client, stripe_server):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="monthly")
    token = self_service.make_token("someone.else@example.org")
    url = reverse("donations:manage-gift", args=[token, pledge.reference])
    assert client.post(url, {"action": "cancel"}).status_code == 404
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACTIVE


def test_an_expired_or_forged_link(client, settings, stripe_server):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="one_time")
    token = self_service.make_token(pledge.email)
    assert client.get(reverse("donations:manage-gifts", args=[token + "x"])).status_code == 404
    settings.NEWSROOM_MANAGE_LINK_SECONDS = -1
    page = client.get(reverse("donations:manage-gifts", args=[token]))
    assert "That link has expired" in page.content.decode()


def test_receipts_and_the_yearly_statement(client, stripe_server):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="one_time", amount="45")
    payment = pledge.payments.get()
    token = self_service.make_token(pledge.email)
    receipt = client.get(reverse("donations:manage-receipt", args=[token, payment.pk]))
    assert "Receipt for your gift" in receipt.content.decode()
    assert f"{pledge.reference}-{payment.pk}" in receipt.content.decode()
    year = payment.received_at.year
    url = reverse("donations:manage-statement", args=[token, year])
    statement = client.get(url + "?download=1")
    assert statement["Content-Disposition"] == f'attachment; filename="statement-{year}.html"'
    assert "45.00 USD" in statement.content.decode()
    other = self_service.make_token("other@example.org")
    assert (
        client.get(reverse("donations:manage-receipt", args=[other, payment.pk])).status_code
        == 404
    )


def test_the_gifts_page_queries_do_not_grow_with_gifts(
    client, stripe_server, django_assert_max_num_queries
):
    for amount in ("10", "20", "30"):
        give(
            client,
            stripe_server,
            make_campaign(),
            frequency="one_time",
            amount=amount,
            email="many@example.org",
        )
    token = self_service.make_token("many@example.org")
    with django_assert_max_num_queries(3):
        page = client.get(reverse("donations:manage-gifts", args=[token]))
    assert page.content.decode().count("Receipt<span") == 3


def test_a_card_testing_burst_is_refused_while_another_reader_gives(
    client, stripe_server, settings
):
    settings.NEWSROOM_DECLINES_BEFORE_BLOCK = 3
    settings.NEWSROOM_PLEDGES_PER_ADDRESS = 100
    settings.NEWSROOM_PLEDGES_PER_EMAIL = 100
    campaign = make_campaign()
    attacker = "203.0.113.9"
    for n in range(3):
        pledge, page = start_gift(
            client, campaign, frequency="one_time", amount="1", email=f"tester{n}@example.org"
        )
        response = pay(
            client, stripe_server, pledge, page, DECLINED_WHEN_CHARGED, address=attacker
        )
        assert "Your card was declined" in response.content.decode()
    # Now even a good card from that address is refused before it is charged.
    pledge, page = start_gift(
        client, campaign, frequency="one_time", amount="1", email="tester9@example.org"
    )
    response = pay(client, stripe_server, pledge, page, address=attacker)
    assert "We cannot take more card payments from here just now" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.INCOMPLETE
    assert PaymentAttempt.objects.filter(outcome="refused").count() == 1
    # Another reader, elsewhere, gives at the same time.
    reader, page = start_gift(
        client, campaign, frequency="one_time", amount="30", email="reader@example.org"
    )
    assert pay(client, stripe_server, reader, page, address="198.51.100.7").status_code == 303
    reader.refresh_from_db()
    assert reader.status == Pledge.Status.FULFILLED


def test_updating_the_card_sets_it_at_stripe(client, stripe_server):
    pledge, _ = give(client, stripe_server, make_campaign(), frequency="monthly")
    token = self_service.make_token(pledge.email)
    url = reverse("donations:manage-card", args=[token, pledge.reference])
    page = client.get(url)
    assert stripe_server in page["Content-Security-Policy"]
    answer = card_entered(stripe_server, page.context["setup_secret"], "5555555555554444")
    response = client.post(url, {"setup_intent": answer["id"]})
    assert response.status_code == 303 and "changed=card" in response["Location"]
    customer = stripe_client().v1.customers.retrieve(pledge.stripe_customer_id)
    assert customer.invoice_settings.default_payment_method == answer["payment_method"]

    unready = client.post(url, {"setup_intent": "seti_not_ours"})
    assert unready.status_code == 200
    assert "The card was not updated" in unready.content.decode()
    assert "Please enter your card details and try again" in unready.content.decode()


def test_erasing_a_donor_keeps_the_accounts_and_drops_what_names_them(
    client, stripe_server, run_tasks
):
    from django.core.management import call_command

    from donations.models import Payment, StripeEvent
    from tests.donations.payments import event, post_event

    pledge, _ = give(
        client,
        stripe_server,
        make_campaign(),
        frequency="one_time",
        amount="50",
        email="erase.me@example.org",
    )
    Payment.objects.filter(pledge=pledge).update(note="Thanked Erase Me by phone")
    charge = stripe_client().v1.charges.retrieve(pledge.payments.get().stripe_charge_id).to_dict()
    charge["billing_details"] = {"email": "erase.me@example.org"}
    post_event(client, event("charge.dispute.closed", charge))
    run_tasks()
    call_command("erase_donor", "erase.me@example.org", "--yes", stdout=io.StringIO())
    payment = Payment.objects.get(pledge=pledge)
    assert (payment.amount, payment.note) == (Decimal("50"), "")
    assert payment.stripe_charge_id
    assert not StripeEvent.objects.filter(type="charge.dispute.closed").exists()
