"""The payments admin: the list a fundraiser reads, its filters and search, a payment's page
with its history, card payments read-only, and the list's query count."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from donations import ledger
from donations.models import Channel, Payment
from tests.factories import login, make_article, make_campaign, make_pledge

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:donations_payment_changelist"


def pay(pledge, **fields):
    """A payment of `pledge` as the ledger records it (a card charge unless told)."""
    fields.setdefault("amount", pledge.amount)
    return ledger.record_payment(pledge=pledge, **fields)[0]


def listed(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return response, list(response.context["cl"].result_list)


@pytest.fixture
def payments():
    spring = make_campaign(name="Spring drive")
    autumn = make_campaign(name="Autumn drive", currency="EUR")
    story = make_article(headline="Ferry returns")
    dana = make_pledge(spring, donor_name="Dana Donor", email="dana@example.org", article=story)
    eli = make_pledge(autumn, donor_name="Eli Ek", email="eli@example.org", channel="cheque")
    return {
        "card": pay(
            dana,
            fee=Decimal("0.82"),
            stripe_charge_id="ch_3Dana",
            stripe_payment_intent_id="pi_3Dana",
            stripe_balance_transaction_id="txn_3Dana",
        ),
        "failed": pay(
            dana,
            status=Payment.Status.FAILED,
            stripe_invoice_id="in_9Dana",
            failure_message="Your card was declined.",
            received_at=timezone.now() - timedelta(days=40),
        ),
        "cheque": pay(eli, amount=Decimal("50"), channel=Channel.CHEQUE, note="Cheque 0042"),
    }


class TestList:
    def test_columns(self, fundraiser_client, payments):
        response, rows = listed(fundraiser_client)
        assert set(rows) == set(payments.values())
        html = response.content.decode()
        for text in [
            "Dana Donor",
            "dana<wbr>@example.org",
            "$18",
            'fee $0.82</span><span class="campaign-donors">net $17.18',
        ]:
            assert text in html
        assert "€50" in html and ">Cheque<" in html and ">Card (online)<" in html
        assert "Spring drive" in html and "Ferry returns" in html
        assert "Autumn drive" in html and "Direct" in html
        # A failed charge kept no money and cost no fee: its net is nothing.
        assert response.context["cl"].model_admin.net_column(payments["failed"]) == "$0"

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"status__exact": "failed"}, {"failed"}),
            ({"channel__exact": "cheque"}, {"cheque"}),
            ({"channel__exact": "card"}, {"card", "failed"}),
            ({"received_at__gte": 7}, {"card", "cheque"}),
        ],
    )
    def test_filters(self, fundraiser_client, payments, params, expected):
        if "received_at__gte" in params:  # the date filter's "past 7 days"
            params = {"received_at__gte": str(timezone.now() - timedelta(days=7))}
        rows = listed(fundraiser_client, **params)[1]
        assert {key for key, payment in payments.items() if payment in rows} == expected

    def test_campaign_filter(self, fundraiser_client, payments):
        campaign = payments["cheque"].pledge.campaign
        rows = listed(fundraiser_client, pledge__campaign__id__exact=campaign.pk)[1]
        assert rows == [payments["cheque"]]

    @pytest.mark.parametrize(
        ("term", "expected"),
        [
            ("dana", {"card", "failed"}),
            ("ELI@example.org", {"cheque"}),
            ("ch_3Dana", {"card"}),
            ("pi_3Dana", {"card"}),
            ("in_9Dana", {"failed"}),
            ("txn_3Dana", {"card"}),
            ("ch_3Dan", set()),  # Stripe's ids whole
            ("Eli Ek", {"cheque"}),
        ],
    )
    def test_search(self, fundraiser_client, payments, term, expected):
        rows = listed(fundraiser_client, q=term)[1]
        assert {key for key, payment in payments.items() if payment in rows} == expected

    def test_search_by_reference(self, fundraiser_client, payments):
        reference = payments["cheque"].pledge.reference
        assert listed(fundraiser_client, q=reference)[1] == [payments["cheque"]]

    def test_no_add_button_and_no_delete_action(self, fundraiser_client, payments):
        response, _ = listed(fundraiser_client)
        assert reverse("admin:donations_payment_add") not in response.content.decode()
        assert response.context["action_form"] is None or "delete_selected" not in [
            name for name, _ in response.context["action_form"].fields["action"].choices
        ]


class TestPaymentPage:
    def test_a_card_payment_is_read_only_with_its_history(self, fundraiser_client, payments):
        payment = payments["card"]
        ledger.refunded(payment, amount=Decimal("5"), why="charge.refunded")
        url = reverse("admin:donations_payment_change", args=[payment.pk])
        response = fundraiser_client.get(url)
        html = response.content.decode()
        assert 'name="note"' not in html
        assert "ch_3Dana" in html and "txn_3Dana" in html
        assert "Partly refunded" in html and "charge.refunded" in html
        assert response.context["has_change_permission"] is False
        assert fundraiser_client.post(url, {"note": "changed"}).status_code == 403
        payment.refresh_from_db()
        assert payment.note == ""

    def test_the_note_of_an_offline_payment_can_be_corrected(
        self, fundraiser_client, fundraiser, payments
    ):
        payment = payments["cheque"]
        url = reverse("admin:donations_payment_change", args=[payment.pk])
        html = fundraiser_client.get(url).content.decode()
        assert 'name="note"' in html
        data = {
            "note": "Cheque 0043",
            "status_changes-TOTAL_FORMS": "1",
            "status_changes-INITIAL_FORMS": "1",
            "status_changes-MIN_NUM_FORMS": "0",
            "status_changes-MAX_NUM_FORMS": "1000",
        }
        assert fundraiser_client.post(url, data).status_code == 302
        payment.refresh_from_db()
        assert (payment.note, payment.amount) == ("Cheque 0043", Decimal("50"))

    def test_the_page_links_to_the_pledge(self, fundraiser_client, payments):
        payment = payments["cheque"]
        html = fundraiser_client.get(
            reverse("admin:donations_payment_change", args=[payment.pk])
        ).content.decode()
        assert reverse("admin:donations_pledge_change", args=[payment.pledge_id]) in html


def populate(pledges, payments_each, batch):
    campaigns = [make_campaign(), make_campaign(currency="EUR")]
    stories = [make_article(), None]
    for n in range(pledges):
        pledge = make_pledge(campaigns[n % 2], article=stories[n % 2])
        for m in range(payments_each):
            pay(pledge, stripe_invoice_id=f"in_{batch}_{n}_{m}", fee=Decimal("0.5"))


def test_list_query_count_does_not_grow_with_rows(fundraiser_client):
    populate(1, 1, batch=1)
    fundraiser_client.get(reverse(CHANGELIST))  # the session, warmed
    with CaptureQueriesContext(connection) as few:
        listed(fundraiser_client)
    populate(12, 3, batch=2)
    with CaptureQueriesContext(connection) as many:
        response, rows = listed(fundraiser_client)
    assert len(rows) == 37
    assert len(many) == len(few)
    # Session, user, permissions; the page of payments (with pledge, campaign, story) and
    # whether there are more; the campaign filter's choices.
    assert len(many) == 7, [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("changes", [0, 4])
def test_payment_page_queries_do_not_grow_with_its_history(
    fundraiser_client, django_assert_max_num_queries, changes
):
    pledge = make_pledge()
    payment = pay(pledge, amount=Decimal("20"), stripe_charge_id="ch_x")
    for n in range(changes):
        ledger.refunded(payment, amount=Decimal(n + 1), why=f"refund {n}")
    url = reverse("admin:donations_payment_change", args=[payment.pk])
    fundraiser_client.get(url)  # the session, warmed
    # 7 whatever the history: session, user, permissions; the payment, its pledge, its
    # history with who wrote it.
    with django_assert_max_num_queries(7):
        response = fundraiser_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "journalist", "editor"])
def test_outsiders_cannot_change_a_payment(client, role):
    payment = pay(make_pledge(), channel=Channel.CHEQUE, note="Cheque 1")
    login(client, role)
    url = reverse("admin:donations_payment_change", args=[payment.pk])
    assert client.post(url, {"note": "changed"}).status_code in (302, 403)
    payment.refresh_from_db()
    assert payment.note == "Cheque 1"
