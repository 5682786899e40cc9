"""The pages of a card gift and of the donors' self-service are valid HTML, by the Nu HTML
Checker (tests/test_valid_html.py has the reader pages and the checker itself)."""

import pytest
from django.urls import reverse

from donations import self_service
from tests.donations.payments import give, start_gift
from tests.factories import make_campaign
from tests.test_valid_html import needs_java, nu_errors


@needs_java
@pytest.mark.django_db
def test_card_and_self_service_pages_are_valid_html(client, stripe_server, tmp_path):
    campaign = make_campaign(slug="keep-us-going")
    waiting, pay_page = start_gift(client, campaign, frequency="monthly", email="w@example.org")
    paid, _ = give(client, stripe_server, campaign, frequency="one_time", email="p@example.org")
    token = self_service.make_token(paid.email)
    payment = paid.payments.get()
    documents = {
        "pledge-cards": client.get(reverse("donations:pledge", args=[campaign.slug])).content,
        "pay": pay_page.content,
        "thanks-paid": client.get(paid.get_absolute_url()).content,
        "manage-ask": client.get(reverse("donations:manage")).content,
        "manage-sent": client.post(reverse("donations:manage"), {"email": paid.email}).content,
        "manage-gifts": client.get(reverse("donations:manage-gifts", args=[token])).content,
        "manage-receipt": client.get(
            reverse("donations:manage-receipt", args=[token, payment.pk])
        ).content,
        "manage-statement": client.get(
            reverse("donations:manage-statement", args=[token, payment.received_at.year])
        ).content,
    }
    assert waiting.status == "incomplete"
    assert nu_errors(documents, tmp_path) == {name: [] for name in documents}
