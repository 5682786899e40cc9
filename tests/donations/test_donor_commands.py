"""export_donor and erase_donor: a donor's data out, and a donor's data gone."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from donations import ledger, pledges
from donations.models import Campaign, Channel, Frequency, Payment, Pledge, PledgeStatusChange
from tests.factories import make_article, make_campaign, make_pledge, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def donor():
    """Two pledges from Dana (one typed in capitals), one from someone else."""
    campaign = make_campaign(name="Spring drive")
    article = make_article(headline="Ferry returns")
    first = make_pledge(
        campaign,
        donor_name="Dana Donor",
        email="dana@example.org",
        message="For the ferry story",
        is_public=True,
        amount=Decimal("18"),
        article=article,
    )
    second = make_pledge(
        campaign,
        donor_name="Dana D.",
        email="DANA@Example.org",
        amount=Decimal("120"),
        frequency=Frequency.ANNUAL,
        status=Pledge.Status.FULFILLED,
    )
    PledgeStatusChange.objects.create(
        pledge=second, from_status="pledged", to_status="fulfilled", changed_by=make_user()
    )
    other = make_pledge(campaign, donor_name="Eli", email="eli@example.org")
    Pledge.objects.filter(pk=first.pk).update(stripe_customer_id="cus_Dana", channel="card")
    card, _ = ledger.record_payment(
        pledge=first,
        amount=Decimal("18"),
        fee=Decimal("0.82"),
        stripe_payment_intent_id="pi_Dana",
        stripe_charge_id="ch_Dana",
        stripe_invoice_id="in_Dana",
        stripe_balance_transaction_id="txn_Dana",
    )
    ledger.refunded(card, amount=Decimal("5"), why="charge.refunded")
    ledger.record_payment(
        pledge=second, amount=Decimal("120"), channel=Channel.CHEQUE, note="Cheque 0042"
    )
    ledger.record_payment(pledge=other, amount=Decimal("18"), stripe_charge_id="ch_Eli")
    return {"first": first, "second": second, "other": other, "campaign": campaign}


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class TestExport:
    def test_prints_every_pledge_of_the_donor_as_json(self, donor):
        out, _ = run("export_donor", "Dana@example.org")
        records = json.loads(out)
        by_reference = {p["reference"]: p for p in records["pledges"]}
        assert set(by_reference) == {donor["first"].reference, donor["second"].reference}
        first = by_reference[donor["first"].reference]
        assert first["name"] == "Dana Donor"
        assert first["message"] == "For the ferry story"
        assert first["amount"] == "18.00"
        assert first["source_article"] == "Ferry returns"
        assert first["listed_publicly"] is True
        second = by_reference[donor["second"].reference]
        assert [(c["from"], c["to"]) for c in second["status_changes"]] == [
            ("pledged", "fulfilled")
        ]
        assert "Eli" not in out
        assert "ch_Eli" not in out

    def test_includes_each_payment_with_its_history(self, donor):
        records = json.loads(run("export_donor", "dana@example.org")[0])
        by_reference = {p["reference"]: p for p in records["pledges"]}
        first = by_reference[donor["first"].reference]
        assert first["stripe_customer_id"] == "cus_Dana"
        (card,) = first["payments"]
        moments = [change["at"] for change in card["status_changes"]]
        assert {key: card[key] for key in card if key not in ("received_at", "recorded_at")} == {
            "amount": "18.00",
            "currency": "USD",
            "fee": "0.82",
            "refunded": "5.00",
            "status": "partly_refunded",
            "channel": "card",
            "note": "",
            "failure_message": "",
            "stripe_payment_intent_id": "pi_Dana",
            "stripe_charge_id": "ch_Dana",
            "stripe_invoice_id": "in_Dana",
            "stripe_balance_transaction_id": "txn_Dana",
            "status_changes": [
                {"from": "", "to": "succeeded", "at": moments[0]},
                {
                    "from": "succeeded",
                    "to": "partly_refunded",
                    "at": card["status_changes"][1]["at"],
                },
            ],
        }
        assert card["received_at"].startswith(str(timezone.now().year))
        (cheque,) = by_reference[donor["second"].reference]["payments"]
        assert (cheque["amount"], cheque["channel"], cheque["note"]) == (
            "120.00",
            "cheque",
            "Cheque 0042",
        )

    def test_a_donor_export_takes_the_same_queries_with_more_payments(
        self, donor, django_assert_num_queries
    ):
        # The pledges (with campaign and story), their history, payments, payments' history.
        with django_assert_num_queries(4):
            pledges.donor_records(email="dana@example.org")
        for n in range(3):
            ledger.record_payment(
                pledge=donor["second"], amount=Decimal("10"), stripe_invoice_id=f"in_{n}"
            )
        with django_assert_num_queries(4):
            pledges.donor_records(email="dana@example.org")

    def test_writes_a_file(self, donor, tmp_path):
        path = tmp_path / "dana.json"
        out, err = run("export_donor", "dana@example.org", "--output", str(path))
        assert out == ""
        assert "Wrote 2 pledge(s) and 2 payment(s)" in err
        assert len(json.loads(path.read_text(encoding="utf-8"))["pledges"]) == 2

    @pytest.mark.parametrize("email", ["nobody@example.org", "", "  "])
    def test_no_match_is_a_clear_error(self, donor, email):
        with pytest.raises(CommandError, match="No pledge matches|Give the donor"):
            run("export_donor", email)


class TestErase:
    def test_erases_name_email_and_message_and_keeps_the_rest(self, donor):
        out, _ = run("erase_donor", "dana@EXAMPLE.org", "--yes")
        assert "Erased 2 pledge(s)" in out
        for key in ("first", "second"):
            before = donor[key]
            after = Pledge.objects.get(pk=before.pk)
            assert (after.donor_name, after.email, after.message) == ("", "", "")
            assert after.is_public is False
            assert after.erased_at is not None
            # Amounts, dates, campaign, story and status stay: the totals do not move.
            assert after.amount == before.amount
            assert after.frequency == before.frequency
            assert after.created_at == before.created_at
            assert after.campaign_id == before.campaign_id
            assert after.article_id == before.article_id
            assert after.status == before.status
            assert after.reference == before.reference
        assert PledgeStatusChange.objects.count() == 1
        other = Pledge.objects.get(pk=donor["other"].pk)
        assert (other.donor_name, other.email) == ("Eli", "eli@example.org")
        raised = Campaign.objects.with_totals().get(pk=donor["campaign"].pk).raised
        assert raised == Decimal("18") + Decimal("120") + donor["other"].amount

    def test_keeps_the_payments_for_the_accounts_and_says_so(self, donor):
        # Everything but the desk's free-text note, which may name the donor.
        accounts = ["amount", "currency", "fee", "refunded", "status", "channel", "received_at"]
        kept = list(Payment.objects.order_by("pk").values(*accounts, "stripe_charge_id"))
        totals = Campaign.objects.with_totals().get(pk=donor["campaign"].pk)

        out, _ = run("erase_donor", "dana@example.org", "--yes")

        assert list(Payment.objects.order_by("pk").values(*accounts, "stripe_charge_id")) == kept
        assert set(Payment.objects.values_list("note", flat=True)) == {""}
        after = Campaign.objects.with_totals().get(pk=donor["campaign"].pk)
        assert (after.received, after.fees, after.net) == (
            totals.received,
            totals.fees,
            totals.net,
        )
        assert "Kept for the accounts: 2 payment(s) with their amounts, fees, dates" in out
        assert "Stripe ids" in out
        assert "customer cus_Dana" in out
        # The payments still reconcile: their Stripe ids stay with the erased pledge.
        assert Payment.objects.get(stripe_charge_id="ch_Dana").pledge.erased_at is not None

    def test_running_it_twice_is_harmless(self, donor):
        run("erase_donor", "dana@example.org", "--yes")
        erased_at = Pledge.objects.get(pk=donor["first"].pk).erased_at
        out, _ = run("erase_donor", "dana@example.org", "--yes")
        assert "Nothing to erase" in out
        assert "(0 erased)" in out
        assert Pledge.objects.get(pk=donor["first"].pk).erased_at == erased_at

    def test_asks_before_erasing(self, donor, monkeypatch):
        answers = iter(["no"])
        monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
        with pytest.raises(CommandError, match="Nothing erased"):
            run("erase_donor", "dana@example.org")
        assert Pledge.objects.get(pk=donor["first"].pk).donor_name == "Dana Donor"

    def test_goes_ahead_when_told_yes(self, donor, monkeypatch):
        prompts = []
        monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "yes")
        out, _ = run("erase_donor", "dana@example.org")
        assert "2 pledge(s)" in prompts[0]
        assert "Erased 2 pledge(s)" in out
        assert Pledge.objects.get(pk=donor["first"].pk).donor_name == ""

    def test_no_input_is_the_same_as_yes(self, donor):
        out, _ = run("erase_donor", "dana@example.org", "--no-input")
        assert "Erased 2 pledge(s)" in out

    def test_after_erasure_export_finds_nothing(self, donor):
        run("erase_donor", "dana@example.org", "--yes")
        with pytest.raises(CommandError, match="No pledge matches"):
            run("export_donor", "dana@example.org")

    def test_an_empty_address_erases_nothing(self, donor):
        with pytest.raises(CommandError):
            run("erase_donor", " ", "--yes")
        assert not Pledge.objects.filter(erased_at__isnull=False).exists()
