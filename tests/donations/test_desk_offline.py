"""Offline gifts on the desk: a fundraiser records a pledge made by cheque, transfer, phone
or at an event, and marks its instalments received on the pledge's page, through the
admin's URLs as a browser posts them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from donations import ledger
from donations.models import (
    Campaign,
    Channel,
    Frequency,
    Payment,
    PaymentStatusChange,
    Pledge,
    PledgeStatusChange,
)
from tests.donations.test_admin_pledges import rendered_form
from tests.factories import make_campaign, make_pledge

pytestmark = pytest.mark.django_db

ADD = "admin:donations_pledge_add"


def change_url(pledge):
    return reverse("admin:donations_pledge_change", args=[pledge.pk])


def received(totals_of):
    return Campaign.objects.with_totals().get(pk=totals_of.pk)


def add_form(client, **fields):
    """The add page as rendered, then filled in as the fundraiser would."""
    data = rendered_form(client.get(reverse(ADD)).content.decode())
    return data | fields


class TestRecordingAnOfflinePledge:
    def test_a_cheque_paid_in_full_on_the_same_page(self, fundraiser_client, fundraiser):
        campaign = make_campaign(name="Spring drive", currency="EUR")
        data = add_form(
            fundraiser_client,
            campaign=campaign.pk,
            amount="250",
            frequency=Frequency.ONE_TIME,
            channel=Channel.CHEQUE,
            donor_name="Rosa Ruiz",
            email="rosa@example.org",
            **{"received-0-record": "on", "received-0-note": "Cheque 001234"},
        )
        response = fundraiser_client.post(reverse(ADD), data)
        assert response.status_code == 302, response.context["errors"]

        pledge = Pledge.objects.get()
        assert (pledge.channel, pledge.currency, pledge.amount) == ("cheque", "EUR", 250)
        assert pledge.status == Pledge.Status.FULFILLED
        payment = pledge.payments.get()
        assert (payment.amount, payment.channel, payment.note) == (250, "cheque", "Cheque 001234")
        assert payment.recorded_by == fundraiser
        assert payment.currency == "EUR"
        audit = PaymentStatusChange.objects.get(payment=payment)
        assert (audit.to_status, audit.changed_by) == ("succeeded", fundraiser)
        move = PledgeStatusChange.objects.get(pledge=pledge)
        assert (move.from_status, move.to_status, move.changed_by) == (
            "pledged",
            "fulfilled",
            fundraiser,
        )
        totals = received(campaign)
        assert (totals.raised, totals.received, totals.fees, totals.net) == (250, 250, 0, 250)

    def test_a_promise_without_money_yet(self, fundraiser_client):
        campaign = make_campaign()
        data = add_form(
            fundraiser_client,
            campaign=campaign.pk,
            amount="30",
            frequency=Frequency.MONTHLY,
            channel=Channel.BANK_TRANSFER,
            donor_name="Sam",
            email="sam@example.org",
        )
        assert fundraiser_client.post(reverse(ADD), data).status_code == 302
        pledge = Pledge.objects.get()
        assert pledge.status == Pledge.Status.PLEDGED
        assert not Payment.objects.exists()
        assert received(campaign).raised == 30

    def test_the_form_offers_no_card_channel(self, fundraiser_client):
        response = fundraiser_client.get(reverse(ADD))
        form = response.context["adminform"].form
        assert Channel.CARD not in dict(form.fields["channel"].choices)
        assert "<h1>Record an offline pledge</h1>" in response.content.decode()

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            ({"amount": "0"}, "more than zero"),
            ({"amount": "-5"}, "more than zero"),
            ({"received-0-amount": "-1"}, "greater than or equal to 0.01"),
            ({"received-0-received_on": "2999-01-01"}, "cannot arrive in the future"),
        ],
    )
    def test_bad_input_writes_nothing_and_keeps_the_form(self, fundraiser_client, fields, message):
        campaign = make_campaign()
        data = add_form(
            fundraiser_client,
            campaign=campaign.pk,
            amount="40",
            frequency=Frequency.ONE_TIME,
            channel=Channel.PHONE,
            donor_name="Kept Name",
            email="kept@example.org",
            **{"received-0-record": "on"},
        )
        response = fundraiser_client.post(reverse(ADD), data | fields)
        assert response.status_code == 200
        html = response.content.decode()
        assert message in html
        assert 'value="Kept Name"' in html
        assert not Pledge.objects.exists()
        assert not Payment.objects.exists()


class TestMarkingInstalmentsReceived:
    def test_the_row_starts_from_the_pledge_amount_and_today(self, fundraiser_client):
        pledge = make_pledge(amount=Decimal("18"), channel=Channel.BANK_TRANSFER)
        data = rendered_form(fundraiser_client.get(change_url(pledge)).content.decode())
        assert data["received-0-amount"] == "18.00"
        assert data["received-0-received_on"] == timezone.localdate().isoformat()
        assert "received-0-record" not in data  # not ticked

    def test_an_instalment_makes_a_monthly_gift_active(self, fundraiser_client, fundraiser):
        pledge = make_pledge(amount=Decimal("18"), channel=Channel.BANK_TRANSFER)
        data = rendered_form(fundraiser_client.get(change_url(pledge)).content.decode())
        earlier = timezone.localdate() - timedelta(days=3)
        data |= {"received-0-record": "on", "received-0-received_on": earlier.isoformat()}
        response = fundraiser_client.post(change_url(pledge), data)
        assert response.status_code == 302

        payment = pledge.payments.get()
        assert payment.amount == Decimal("18")
        assert payment.channel == Channel.BANK_TRANSFER  # the pledge's, as the row said
        assert timezone.localdate(payment.received_at) == earlier
        pledge.refresh_from_db()
        assert pledge.status == Pledge.Status.ACTIVE
        totals = received(pledge.campaign)
        assert (totals.received, totals.monthly_recurring) == (18, 18)

        # The payment is listed on the page, read-only, linked to its own page.
        html = fundraiser_client.get(change_url(pledge)).content.decode()
        assert reverse("admin:donations_payment_change", args=[payment.pk]) in html
        assert "Fay Raiser" in html

    def test_a_part_payment_leaves_a_one_time_pledge_pledged(self, fundraiser_client):
        pledge = make_pledge(
            amount=Decimal("500"), frequency=Frequency.ONE_TIME, channel=Channel.CHEQUE
        )
        data = rendered_form(fundraiser_client.get(change_url(pledge)).content.decode())
        data |= {"received-0-record": "on", "received-0-amount": "200"}
        assert fundraiser_client.post(change_url(pledge), data).status_code == 302
        pledge.refresh_from_db()
        assert pledge.status == Pledge.Status.PLEDGED

        # The next row starts from what is still due; once paid, no row is offered.
        data = rendered_form(fundraiser_client.get(change_url(pledge)).content.decode())
        assert data["received-0-amount"] == "300.00"
        data |= {"received-0-record": "on"}
        assert fundraiser_client.post(change_url(pledge), data).status_code == 302
        pledge.refresh_from_db()
        assert pledge.status == Pledge.Status.FULFILLED
        assert received(pledge.campaign).received == 500
        html = fundraiser_client.get(change_url(pledge)).content.decode()
        assert "received-TOTAL_FORMS" not in html

    def test_an_untouched_row_records_nothing(self, fundraiser_client):
        pledge = make_pledge(channel=Channel.CHEQUE)
        data = rendered_form(fundraiser_client.get(change_url(pledge)).content.decode())
        assert fundraiser_client.post(change_url(pledge), data).status_code == 302
        assert not Payment.objects.exists()

    def test_a_row_filled_but_not_ticked_is_reported(self, fundraiser_client):
        pledge = make_pledge(channel=Channel.CHEQUE)
        data = rendered_form(fundraiser_client.get(change_url(pledge)).content.decode())
        data |= {"received-0-amount": "12", "received-0-note": "Cheque 99", "status": "active"}
        response = fundraiser_client.post(change_url(pledge), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Tick “Record” to record this payment" in html
        assert 'value="Cheque 99"' in html
        assert not Payment.objects.exists()
        # The status change on the same page waits for the form too.
        pledge.refresh_from_db()
        assert pledge.status == Pledge.Status.PLEDGED

    def test_a_card_gift_offers_no_row_and_shows_its_payments(self, fundraiser_client):
        pledge = make_pledge(channel=Channel.CARD, status=Pledge.Status.ACTIVE)
        ledger.record_payment(
            pledge=pledge, amount=pledge.amount, fee=Decimal("0.82"), stripe_charge_id="ch_1"
        )
        response = fundraiser_client.get(change_url(pledge))
        html = response.content.decode()
        assert "received-TOTAL_FORMS" not in html
        assert "ch_1" in html
        assert "$0.82" in html
        assert 'name="payments-0-amount"' not in html  # read-only rows


@pytest.mark.parametrize("payments", [1, 6])
def test_pledge_page_queries_do_not_grow_with_payments(
    fundraiser_client, django_assert_max_num_queries, payments
):
    pledge = make_pledge(channel=Channel.BANK_TRANSFER, status=Pledge.Status.ACTIVE)
    for n in range(payments):
        payment, _ = ledger.record_payment(
            pledge=pledge, amount=pledge.amount, channel=Channel.BANK_TRANSFER, note=f"n{n}"
        )
        ledger.refunded(payment, amount=Decimal("1"), why="partly given back")
    fundraiser_client.get(change_url(pledge))  # the session, warmed
    # 9 whatever the payments: session, user, two permission look-ups; the pledge, its
    # campaign, its payments (with who recorded them) twice (the list, the sum received),
    # its history with who changed it.
    with django_assert_max_num_queries(9):
        response = fundraiser_client.get(change_url(pledge))
    assert response.status_code == 200
