"""Campaign totals kept as pledges change (donations.totals): through the pledge page, the
desk's status changes, erasure, bulk writers and the recount command, and under concurrent
pledges on PostgreSQL."""

import io
import threading
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.urls import reverse

from donations import pledges, totals
from donations.models import Campaign, CampaignDonor, CampaignTotals, Frequency, Pledge
from tests.donations.test_admin_pledges import status_post
from tests.donations.test_pledge_page import filled_in, page_url
from tests.factories import make_campaign, make_pledge

pytestmark = pytest.mark.django_db

FIGURES = [
    "raised",
    "fulfilled",
    "one_time_total",
    "recurring_total",
    "monthly_recurring",
    "pledge_count",
    "donor_count",
]


def kept(campaign):
    row = Campaign.objects.with_totals().get(pk=campaign.pk)
    return {name: getattr(row, name) for name in FIGURES}


def counted(campaign):
    """The same figures summed from the pledges (what with_totals() read before)."""
    row = Campaign.objects.counted_totals().get(pk=campaign.pk)
    figures = {name: getattr(row, name) for name in FIGURES if hasattr(row, name)}
    figures["recurring_total"] = row.monthly_part + row.annual_part
    figures["monthly_recurring"] = row.monthly_part + (row.annual_part / 12).quantize(
        Decimal("0.01")
    )
    return figures


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def no_minimum_time(settings):
    """Tests fill the pledge form in faster than a person."""
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0


def test_a_campaign_without_pledges_shows_zeros():
    campaign = make_campaign()
    assert CampaignTotals.objects.filter(campaign=campaign).exists()
    assert kept(campaign) == dict.fromkeys(FIGURES, 0)
    # Without its row (a campaign loaded past Campaign.save()) it shows zeros all the same,
    # and its first pledge makes the row.
    CampaignTotals.objects.all().delete()
    assert kept(campaign) == dict.fromkeys(FIGURES, 0)
    make_pledge(campaign)
    assert kept(campaign)["raised"] == Decimal("18")


def test_pledges_through_the_pledge_page_are_added_at_once(client):
    campaign = make_campaign()
    for email, amount, frequency in [
        ("jane@example.org", "18", "monthly"),
        ("JANE@example.org", "120", "annual"),
        ("sam@example.org", "50", "one_time"),
    ]:
        data = filled_in(client, campaign, email=email, amount=amount, frequency=frequency)
        assert client.post(page_url(campaign), data).status_code == 303
    assert kept(campaign) == {
        "raised": Decimal("188"),
        "fulfilled": Decimal("0"),
        "one_time_total": Decimal("50"),
        # Promises to give every month or year: no recurring value until a gift is active.
        "recurring_total": Decimal("0"),
        "monthly_recurring": Decimal("0"),
        "pledge_count": 3,
        "donor_count": 2,
    }
    assert kept(campaign) == counted(campaign)
    for pledge in Pledge.objects.filter(campaign=campaign).exclude(frequency="one_time"):
        pledges.change_status(pledge=pledge, status=Pledge.Status.ACTIVE, by=None)
    assert kept(campaign)["recurring_total"] == Decimal("138")
    assert kept(campaign)["monthly_recurring"] == Decimal("28")  # 18 + 120 / 12
    assert kept(campaign) == counted(campaign)


def test_a_resubmitted_form_adds_nothing(client):
    campaign = make_campaign()
    data = filled_in(client, campaign)
    client.post(page_url(campaign), data)
    client.post(page_url(campaign), data)
    assert kept(campaign)["pledge_count"] == 1
    assert kept(campaign)["raised"] == Decimal("18")


def test_status_changes_on_the_desk_move_the_totals(fundraiser_client):
    campaign = make_campaign()
    first = make_pledge(campaign, email="ana@example.org", amount=Decimal("25.50"))
    second = make_pledge(campaign, email="ana@example.org", amount=Decimal("10"))
    change = reverse("admin:donations_pledge_change", args=[first.pk])

    assert fundraiser_client.post(change, status_post("fulfilled")).status_code == 302
    assert kept(campaign)["fulfilled"] == Decimal("25.50")

    assert fundraiser_client.post(change, status_post("cancelled", "Bounced")).status_code == 302
    figures = kept(campaign)
    assert (figures["raised"], figures["fulfilled"], figures["pledge_count"]) == (
        Decimal("10"),
        Decimal("0"),
        1,
    )
    assert figures["donor_count"] == 1  # the second pledge still counts

    fundraiser_client.post(
        reverse("admin:donations_pledge_changelist"),
        {"action": "mark_cancelled", "_selected_action": [second.pk]},
    )
    assert (kept(campaign)["raised"], kept(campaign)["donor_count"]) == (Decimal("0"), 0)
    assert not CampaignDonor.objects.filter(campaign=campaign).exists()

    # Back from cancelled: counted again, donor and all.
    assert fundraiser_client.post(change, status_post("pledged")).status_code == 302
    assert (kept(campaign)["raised"], kept(campaign)["donor_count"]) == (Decimal("25.50"), 1)
    assert kept(campaign) == counted(campaign)


def test_erasing_a_donor_keeps_the_money_and_drops_the_donor():
    campaign, other = make_campaign(), make_campaign()
    make_pledge(campaign, email="dana@example.org", amount=Decimal("18"))
    make_pledge(other, email="Dana@Example.org", amount=Decimal("40"))
    make_pledge(campaign, email="eli@example.org")
    run("erase_donor", "dana@example.org", "--yes")
    assert kept(campaign)["raised"] == Decimal("36")
    assert kept(campaign)["donor_count"] == 1
    assert kept(other)["raised"] == Decimal("40")
    assert kept(other)["donor_count"] == 0
    # Nothing of the address is left in the donor rows.
    digest = totals.email_digest("dana@example.org")
    assert not CampaignDonor.objects.filter(email_digest=digest).exists()
    assert (kept(campaign), kept(other)) == (counted(campaign), counted(other))


def test_any_model_save_and_delete_keep_them():
    campaign, other = make_campaign(), make_campaign()
    pledge = make_pledge(
        campaign, frequency=Frequency.ANNUAL, amount=Decimal("100"), status=Pledge.Status.ACTIVE
    )
    pledge.amount = Decimal("120")
    pledge.save()
    pledge.campaign = other
    pledge.save()
    assert kept(campaign)["raised"] == 0
    assert kept(other)["monthly_recurring"] == Decimal("10")
    # A save that touches no counted field reads nothing and changes nothing.
    pledge.message = "Thanks"
    pledge.save(update_fields=["message"])
    pledge.delete()
    assert kept(other) == dict.fromkeys(FIGURES, 0)
    assert (kept(campaign), kept(other)) == (counted(campaign), counted(other))


def test_the_campaign_list_shows_kept_totals(fundraiser_client):
    campaign = make_campaign(name="Winter drive")
    make_pledge(campaign, amount=Decimal("1234"))
    html = fundraiser_client.get(reverse("admin:donations_campaign_changelist")).content.decode()
    assert "$1,234" in html


class TestRecountCommand:
    def test_check_finds_what_a_bulk_update_changed_and_recount_fixes_it(self):
        campaign = make_campaign(name="Spring drive")
        make_pledge(campaign, email="ana@example.org")
        make_pledge(campaign, email="ben@example.org")
        assert "Every campaign's totals equal its pledges." in run("recount_totals", "--check")
        assert run("recount_totals", "--check", "--verbosity", "0") == ""

        # A bulk update passes Pledge.save(): the kept figures no longer match.
        Pledge.objects.update(amount=Decimal("5"), status=Pledge.Status.FULFILLED)
        with pytest.raises(CommandError, match=r"figure\(s\) differ"):
            run("recount_totals", "--check")
        assert kept(campaign)["raised"] == Decimal("36")  # --check changed nothing

        out = run("recount_totals")
        assert "Spring drive: raised kept $36, pledges say $10" in out
        assert kept(campaign) == counted(campaign)
        assert kept(campaign)["fulfilled"] == Decimal("10")
        assert "Every campaign's totals equal its pledges." in run("recount_totals", "--check")

    def test_it_rebuilds_the_donors(self):
        campaign = make_campaign()
        make_pledge(campaign, email="ana@example.org")
        CampaignDonor.objects.all().delete()
        out = run("recount_totals")
        assert "donor rows kept 0, pledges say 1" in out
        assert CampaignDonor.objects.get().email_digest == totals.email_digest("ana@example.org")


def test_seed_demo_leaves_every_campaign_counted(settings):
    settings.DEBUG = True
    run("seed_demo")
    assert Campaign.objects.exists()
    for campaign in Campaign.objects.all():
        assert kept(campaign) == counted(campaign)
        assert kept(campaign)["pledge_count"] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_pledges_on_postgresql_add_up():
    """Four connections pledging at once to one campaign, some as the same new donor: every
    pledge counted once, every donor once, and no deadlock."""
    campaign = make_campaign()
    errors = []

    def pledge_many(worker):
        try:
            for n in range(15):
                make_pledge(
                    campaign,
                    email=f"donor{n % 5}@example.org" if worker % 2 else f"w{worker}.{n}@x.org",
                    amount=Decimal("1.10"),
                    frequency=Frequency.ONE_TIME,
                )
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pledge_many, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    figures = kept(campaign)
    assert figures == counted(campaign)
    assert (figures["pledge_count"], figures["raised"]) == (60, Decimal("66.00"))
    assert figures["donor_count"] == 5 + 2 * 15
