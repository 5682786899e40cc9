"""reconcile_payments against localstripe: charges made with the official SDK, our payments
recorded through the ledger, and every kind of difference listed with a non-zero exit.
"""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from donations import gateway, ledger
from donations.models import Channel, Payment
from tests.factories import make_pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_api(stripe_server):
    """Stripe's keys set and pointing at an emptied localstripe; an SDK client for it."""
    return gateway.client()


def charge(client, cents):
    """A card charge made at Stripe; its balance transaction."""
    card = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}
    method = client.v1.payment_methods.create(params={"type": "card", "card": card})

    def listed():
        page = client.v1.balance_transactions.list(params={"limit": 100})
        return {item.id: item.to_dict() for item in page.data}

    before = listed()
    client.v1.payment_intents.create(
        params={"amount": cents, "currency": "usd", "payment_method": method.id, "confirm": True}
    )
    (new,) = [item for key, item in listed().items() if key not in before]
    return new


def recorded(transaction, **fields):
    """Our payment of a new $18 card gift for Stripe's `transaction`."""
    pledge = make_pledge(channel=Channel.CARD)
    values = {
        "amount": Decimal(transaction["amount"]) / 100,
        "fee": Decimal(transaction["fee"]) / 100,
        "stripe_charge_id": transaction["source"],
        "stripe_balance_transaction_id": transaction["id"],
        "stripe_payment_intent_id": f"pi_for_{transaction['source']}",
    }
    return ledger.record_payment(pledge=pledge, **(values | fields))[0]


def reconcile(first=None, last=None):
    today = str(timezone.localdate())
    out = StringIO()
    try:
        call_command(
            "reconcile_payments", "--from", first or today, "--to", last or today, stdout=out
        )
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_everything_matches(stripe_api):
    refunded = recorded(charge(stripe_api, 1800))
    recorded(charge(stripe_api, 3600))
    # A refund is a balance transaction of its own; the payment keeps the sum refunded.
    stripe_api.v1.refunds.create(params={"charge": refunded.stripe_charge_id, "amount": 500})
    ledger.refunded(refunded, amount=Decimal("5"), why="charge.refunded")
    # Neither a failed charge nor a cheque is at Stripe, and neither is missed.
    pledge = make_pledge()
    ledger.record_payment(pledge=pledge, amount=Decimal("18"), status=Payment.Status.FAILED)
    ledger.record_payment(pledge=pledge, amount=Decimal("18"), channel=Channel.CHEQUE)

    out, error = reconcile()

    assert error is None, out
    assert "2 charge(s) at Stripe, 2 card payment(s) of ours." in out
    assert "Not compared one by one: 1 refund." in out
    assert "No differences." in out


def test_every_difference_is_listed_and_the_exit_status_says_so(stripe_api):
    recorded(charge(stripe_api, 1800))
    fee_differs = recorded(charge(stripe_api, 1800), fee=Decimal("0.82"))
    amount_differs = recorded(charge(stripe_api, 2000), amount=Decimal("25"))
    only_stripe = charge(stripe_api, 5000)
    only_ours = recorded(
        {"amount": 1200, "fee": 35, "source": "ch_nowhere", "id": "txn_nowhere"},
    )

    out, error = reconcile()

    assert error is not None
    assert error.returncode == 1
    assert str(error) == "4 difference(s)."
    lines = [line for line in out.splitlines() if line.startswith("- ")]
    assert len(lines) == 4
    assert any(
        line.startswith(f"- The fee differs: payment {fee_differs.pk} ")
        and "ours $0.82, Stripe's $0" in line
        for line in lines
    )
    assert any(
        line.startswith(f"- The amount differs: payment {amount_differs.pk} ")
        and "ours $25, Stripe's $20" in line
        for line in lines
    )
    assert any(
        line.startswith(f"- In Stripe, not ours: {only_stripe['id']} (charge ")
        and "$50 on" in line
        for line in lines
    )
    assert any(
        line.startswith(f"- Ours, not in Stripe: payment {only_ours.pk} ") and "ch_nowhere" in line
        for line in lines
    )


def test_only_the_range_is_compared(stripe_api):
    today = charge(stripe_api, 1800)  # at Stripe today, none of ours: outside the range
    old = recorded({"amount": 1200, "fee": 0, "source": "ch_old", "id": "txn_old"})
    Payment.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=10))
    week_ago = timezone.localdate() - timedelta(days=7)

    out, error = reconcile(str(week_ago - timedelta(days=5)), str(week_ago))

    assert error.returncode == 1
    assert "0 charge(s) at Stripe, 1 card payment(s) of ours." in out
    assert f"- Ours, not in Stripe: payment {old.pk} " in out
    assert today["id"] not in out


def test_without_stripe_it_says_so(settings):
    settings.STRIPE_SECRET_KEY = ""
    out, error = reconcile()
    assert "Stripe is not configured" in str(error)
    assert error.returncode == 1


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [("2026-13-01", "2026-12-01", "is not a date"), ("2026-12-02", "2026-12-01", "before")],
)
def test_bad_dates(first, last, message):
    out, error = reconcile(first, last)
    assert message in str(error)


def test_quiet_for_cron_when_everything_matches(stripe_api):
    recorded(charge(stripe_api, 1800))
    today = str(timezone.localdate())
    out = StringIO()
    call_command(
        "reconcile_payments", "--from", today, "--to", today, "--verbosity", "0", stdout=out
    )
    assert out.getvalue() == ""
