"""A pledge form whose CSRF check fails: a page that explains, and the form again with the
reader's amount and frequency (never their name, e-mail or message in an address)."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from donations.models import Pledge
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_minimum_time(settings):
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0


def sent_without_a_valid_token(client, campaign, *, drop_cookie=False, **fields):
    """The form as a reader sends it after the cookie's token changed (another tab, hours),
    or with the cookie gone (blocked, or cleared while the page was open)."""
    url = reverse("donations:pledge", args=[campaign.slug])
    page = client.get(url + "?amount=36&frequency=annual")
    if drop_cookie:
        client.cookies.clear()
    data = {
        "token": page.context["form"].next_token,
        "frequency": "annual",
        "amount": "42",
        "donor_name": "Jane Reader",
        "email": "jane@example.org",
        "message": "Keep going.",
        "website": "",
        "article": "",
        "csrfmiddlewaretoken": "x" * 64,
        **fields,
    }
    return client.post(url, data)


def retry_link(response):
    return unescape(
        re.search(r'<a class="button[^"]*" href="([^"]+)"', response.content.decode())[1]
    )


def test_failed_check_explains_and_keeps_the_amount_and_frequency():
    client = Client(enforce_csrf_checks=True)
    campaign = make_campaign(slug="keep-us-going")

    response = sent_without_a_valid_token(client, campaign)

    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403_csrf.html"
    html = response.content.decode()
    assert "CSRF verification failed" not in html
    assert "Please send the form again" in html
    assert "Nothing has been recorded" in html
    assert 'class="masthead"' in html  # the site's own design
    assert "no-store" in response["Cache-Control"]
    assert Pledge.objects.count() == 0

    link = retry_link(response)
    assert (
        link == reverse("donations:pledge", args=[campaign.slug]) + "?amount=42&frequency=annual"
    )
    assert "jane" not in link.lower() and "Keep" not in link

    # The link gives the form back as the reader left it, and now it goes through.
    again = client.get(link)
    assert again.status_code == 200
    html = again.content.decode()
    assert 'name="amount" value="42"' in html
    assert re.search(r'value="annual"[^>]* checked>', html)


def test_without_the_cookie_the_page_says_so():
    client = Client(enforce_csrf_checks=True)
    campaign = make_campaign()
    response = sent_without_a_valid_token(
        client, campaign, drop_cookie=True, amount="15", frequency="monthly"
    )

    assert response.status_code == 403
    assert "did not send back the cookie" in response.content.decode()
    assert retry_link(response).endswith("?amount=15&frequency=monthly")


def test_any_other_form_is_offered_again_at_its_own_address():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert retry_link(response) == reverse("admin:login")
