"""Stripe's events on the desk: listed read-only for the Fundraising group, in a fixed number
of queries, with the body on each event's page; nobody else sees them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from donations.models import StripeEvent

pytestmark = pytest.mark.django_db
LIST = reverse("admin:donations_stripeevent_changelist")


def events(count):
    now = timezone.now()
    for n in range(count):
        StripeEvent.objects.create(
            event_id=f"evt_{n}",
            type="invoice.paid",
            created=now - dt.timedelta(minutes=n),
            payload={"id": f"evt_{n}", "data": {"object": {"id": f"in_{n}"}}},
            processed_at=now if n % 2 else None,
            outcome="Instalment recorded." if n % 2 else "",
        )


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_takes_the_same_queries_whatever_the_events(
    fundraiser_client, django_assert_num_queries, count
):
    events(count)
    fundraiser_client.get(LIST)  # the session and permissions warm
    with django_assert_num_queries(7):
        response = fundraiser_client.get(LIST)
    assert response.content.decode().count("invoice.paid") >= count


def test_waiting_events_and_one_events_page(fundraiser_client):
    events(3)
    waiting = fundraiser_client.get(LIST + "?processed=no").content.decode()
    assert "evt_0" in waiting and "evt_1" not in waiting
    event = StripeEvent.objects.get(event_id="evt_1")
    page = fundraiser_client.get(reverse("admin:donations_stripeevent_change", args=[event.pk]))
    assert "&quot;in_1&quot;" in page.content.decode()
    assert b'name="_save"' not in page.content


def test_the_newsroom_does_not_see_them(editor_client):
    assert editor_client.get(LIST).status_code == 403
