"""A monthly gift paid by card from end to end, in a real browser: the pledge form, the card
typed into the card field (localstripe's Stripe.js stands in for Stripe's), the second
confirmation, the thank-you page, and the subscription at Stripe."""

import re

from playwright.sync_api import expect

from donations.models import Pledge
from tests.donations.conftest import localstripe, stripe_server  # noqa: F401 (fixtures)
from tests.donations.payments import stripe_client
from tests.factories import make_campaign


def test_a_reader_gives_monthly_by_card(live_server, stripe_server, page, artifacts, axe):  # noqa: F811
    make_campaign(slug="keep-us-going", appeal_headline="Keep independent reporting free")
    page.goto(f"{live_server.url}/donate/keep-us-going/?amount=18&frequency=monthly")
    page.fill("#id_donor_name", "Miriam Adler")
    page.fill("#id_email", "miriam@example.org")
    page.get_by_role("button", name="Continue to payment").click()

    expect(page).to_have_url(re.compile(r"/donate/pay/[\w-]+/$"))
    expect(page.locator("h1")).to_contain_text("$18 every month, first today, next on")
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill("4242424242424242")
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    page.screenshot(path=artifacts / "card-step-1280.png", full_page=True)
    assert axe(page) == []
    button = page.get_by_role("button", name=re.compile(r"Give \$18 every month"))
    # Without the second confirmation, nothing is charged.
    button.click()
    expect(page.locator("#pay-error")).to_contain_text("Please tick the box")
    assert not Pledge.objects.filter(status="active").exists()

    page.get_by_label("Yes, charge $18 every month until I cancel").check()
    button.click()
    expect(page).to_have_url(re.compile(r"/donate/thanks/[\w-]+/$"), timeout=15_000)
    expect(page.locator("main")).to_contain_text("Gift received")
    expect(page.locator("main")).to_contain_text("$18 every month, next on")
    page.screenshot(path=artifacts / "card-thanks-1280.png", full_page=True)
    assert axe(page) == []

    pledge = Pledge.objects.get()
    assert pledge.status == Pledge.Status.ACTIVE
    assert pledge.payments.count() == 1
    subscription = stripe_client().v1.subscriptions.retrieve(pledge.stripe_subscription_id)
    assert (subscription.status, subscription["items"].data[0].quantity) == ("active", 1800)


def test_the_donors_own_pages_at_phone_width(live_server, stripe_server, new_page, axe):  # noqa: F811
    from django.test import Client

    from donations import self_service
    from tests.donations.payments import give

    pledge, _ = give(Client(), stripe_server, make_campaign(), frequency="monthly")
    phone = new_page(viewport={"width": 390, "height": 844})
    token = self_service.make_token(pledge.email)
    for path in (
        "/donate/manage/",
        f"/donate/manage/{token}/",
        f"/donate/manage/{token}/card/{pledge.reference}/",
        f"/donate/manage/{token}/receipt/{pledge.payments.get().pk}/",
    ):
        phone.goto(f"{live_server.url}{path}")
        assert axe(phone) == [], path
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
