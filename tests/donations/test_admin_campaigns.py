"""The campaign admin: adding one through the form, its state, its totals, its query count."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from donations import ledger
from donations.models import Campaign, Channel, Frequency, Payment, Pledge
from tests.factories import make_campaign, make_pledge, make_section

pytestmark = pytest.mark.django_db


def campaign_post(**fields):
    """The add form as the browser sends it, with `fields` changed (None leaves one out)."""
    data = {
        "name": "Spring drive",
        "slug": "spring-drive",
        "appeal_headline": "Keep the newsroom open",
        "appeal_body": "<p>We answer to readers.</p>",
        "call_to_action": "Give now",
        "goal": "25000",
        "currency": "USD",
        "totals_shown_from": "10",
        "starts_at_0": "2030-03-01",
        "starts_at_1": "09:00:00",
        "ends_at_0": "2030-04-01",
        "ends_at_1": "09:00:00",
        "is_active": "on",
        "priority": "5",
        "default_frequency": "monthly",
        "one_time_amounts": "25, 50, 100",
        "monthly_amounts": "10, 18, 36",
        "annual_amounts": "100, 180",
        "targets_all": "on",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def add_campaign(client, **fields):
    return client.post(reverse("admin:donations_campaign_add"), campaign_post(**fields))


class TestAdding:
    def test_a_valid_campaign_is_saved(self, fundraiser_client):
        response = add_campaign(fundraiser_client)
        assert response.status_code == 302
        campaign = Campaign.objects.get(slug="spring-drive")
        assert campaign.goal == Decimal("25000")
        assert campaign.priority == 5
        assert campaign.targets_all
        assert campaign.suggested_amounts(Frequency.MONTHLY) == [10, 18, 36]

    def test_a_targeted_campaign_keeps_its_sections(self, fundraiser_client):
        world, culture = make_section(name="World"), make_section(name="Culture")
        response = add_campaign(
            fundraiser_client,
            targets_all=None,
            sections=[str(world.pk)],
            excluded_sections=[str(culture.pk)],
        )
        assert response.status_code == 302
        campaign = Campaign.objects.get(slug="spring-drive")
        assert not campaign.targets_all
        assert list(campaign.sections.all()) == [world]
        assert list(campaign.excluded_sections.all()) == [culture]

    def test_appeal_body_is_sanitised(self, fundraiser_client):
        add_campaign(
            fundraiser_client, appeal_body='<p onclick="x()">Give<script>x()</script></p>'
        )
        body = Campaign.objects.get(slug="spring-drive").appeal_body
        assert "script" not in body
        assert "onclick" not in body

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            (
                {"ends_at_0": "2030-02-01"},
                "ends_at",
                "A campaign must end after it starts.",
            ),
            (
                {"ends_at_0": "2030-03-01"},  # the same moment it starts
                "ends_at",
                "A campaign must end after it starts.",
            ),
            (
                {"targets_all": None},
                "targets_all",
                "Choose at least one section, tag or place below",
            ),
            ({"monthly_amounts": "10, abc"}, "monthly_amounts", "“abc” is not an amount."),
            ({"one_time_amounts": "10, -5"}, "one_time_amounts", "“-5” is not a positive"),
            (
                {"monthly_amounts": "10, 1e309"},
                "monthly_amounts",
                "“1e309” is outside what a reader can pledge: suggest amounts from 1 to 25,000.",
            ),
            (
                {"annual_amounts": "100, 99999999"},
                "annual_amounts",
                "“99999999” is outside what a reader can pledge",
            ),
            ({"one_time_amounts": "0.50, 5"}, "one_time_amounts", "“0.50” is outside"),
            ({"goal": "0"}, "goal", "The goal must be more than zero"),
            ({"appeal_headline": ""}, "appeal_headline", "This field is required."),
        ],
        ids=[
            "ends-before",
            "ends-at-start",
            "no-targets",
            "bad-amount",
            "negative",
            "overflowing",
            "over-max",
            "under-min",
            "goal",
            "hl",
        ],
    )
    def test_bad_input_comes_back_filled_in_and_saves_nothing(
        self, fundraiser_client, fields, field, message
    ):
        response = add_campaign(fundraiser_client, **fields)
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert field in form.errors
        assert any(message in error for error in form.errors[field])
        # Beside the field, not only at the top of the page.
        html = response.content.decode()
        assert f'class="errorlist" id="id_{field}_error"' in html
        assert 'value="Keep the newsroom open"' in html or field == "appeal_headline"
        assert 'value="spring-drive"' in html
        assert not Campaign.objects.exists()

    def test_exclusions_alone_are_not_targets(self, fundraiser_client):
        section = make_section()
        response = add_campaign(
            fundraiser_client, targets_all=None, excluded_sections=[section.pk]
        )
        assert response.status_code == 200
        assert "targets_all" in response.context["adminform"].form.errors
        assert not Campaign.objects.exists()

    def test_duplicate_slug_is_a_form_error(self, fundraiser_client):
        make_campaign(slug="spring-drive")
        response = add_campaign(fundraiser_client)
        assert response.status_code == 200
        assert "slug" in response.context["adminform"].form.errors
        assert Campaign.objects.count() == 1


def test_add_form_has_the_fieldsets_autocomplete_and_prepopulated_slug(fundraiser_client):
    response = fundraiser_client.get(reverse("admin:donations_campaign_add"))
    adminform = response.context["adminform"]
    assert [fieldset.name for fieldset in adminform] == [
        "Appeal",
        "Goal",
        "Schedule",
        "Suggested amounts",
        "Targeting",
    ]
    targets = ["sections", "tags", "places", "organisations", "excluded_sections"]
    for name in [*targets, "excluded_tags", "excluded_places", "excluded_organisations"]:
        widget = adminform.form.fields[name].widget.widget
        assert type(widget).__name__ == "AutocompleteSelectMultiple", name
    prepopulated = {
        field["field"].name: field["dependencies"] for field in adminform.prepopulated_fields
    }
    assert [dependency.name for dependency in prepopulated["slug"]] == ["name"]


def hand_checked_campaign():
    """18 monthly + 120 annual (both active) + 50 one-time (paid) + 30 monthly cancelled, two
    from one donor, and the cancelled donor is not counted."""
    campaign = make_campaign(name="Hand-checked", goal=Decimal("1000"))
    active = Pledge.Status.ACTIVE
    make_pledge(campaign, amount=Decimal("18"), email="ana@example.org", status=active)
    make_pledge(
        campaign,
        amount=Decimal("120"),
        frequency=Frequency.ANNUAL,
        email="ana@example.org",
        status=active,
    )
    make_pledge(
        campaign,
        amount=Decimal("50"),
        frequency=Frequency.ONE_TIME,
        email="bo@x.org",
        status=Pledge.Status.FULFILLED,
    )
    make_pledge(
        campaign, amount=Decimal("30"), email="cy@example.org", status=Pledge.Status.CANCELLED
    )
    return campaign


def test_changelist_shows_totals_state_and_progress(fundraiser_client):
    campaign = hand_checked_campaign()
    response = fundraiser_client.get(reverse("admin:donations_campaign_changelist"))
    html = response.content.decode()
    row = html[html.index("Hand-checked") :]
    row = row[: row.index("</tr>")]
    assert "Live" in row
    assert "$188 of $1,000" in row
    assert "18%" in row
    assert "width: 18%" in row
    # Three counted pledges, linked to the pledge list; two donors.
    pledges_link = reverse("admin:donations_pledge_changelist") + (
        f"?campaign__id__exact={campaign.pk}"
    )
    assert f'<a href="{pledges_link}">3</a><span class="campaign-donors">2 donors</span>' in row


def test_change_page_shows_the_totals_block(fundraiser_client):
    campaign = hand_checked_campaign()
    response = fundraiser_client.get(
        reverse("admin:donations_campaign_change", args=[campaign.pk])
    )
    assert [fieldset.name for fieldset in response.context["adminform"]][0] == "Totals"
    shown = readonly_values(response)
    assert "$188 of $1,000" in shown["raised_display"]
    assert "18%" in shown["raised_display"]
    assert shown["fulfilled_display"] == "$50"
    assert shown["one_time_display"] == "$50"
    assert shown["recurring_display"] == "$138"
    assert shown["monthly_recurring_display"].startswith("$28 a month")  # 18 + 120 / 12
    assert "Active gifts only" in shown["monthly_recurring_display"]
    assert "Recurring value counts active gifts only." in response.content.decode()
    assert shown["pledge_count"].startswith("3 <a href=")
    assert f"?campaign__id__exact={campaign.pk}" in shown["pledge_count"]
    assert shown["donor_count"] == "2"
    html = response.content.decode()
    assert "$28 a month" in html
    assert "$138" in html


def test_pledged_received_fees_and_net(fundraiser_client):
    """Pledged is the promises; received, fees and net are the payments: a card charge with
    its fee, a partly refunded one, a failed one (no money, no fee) and a cheque."""
    campaign = hand_checked_campaign()
    ana, annual, bo = campaign.pledges.exclude(status=Pledge.Status.CANCELLED).order_by("pk")
    ledger.record_payment(pledge=ana, amount=Decimal("18"), fee=Decimal("0.82"))
    refunded, _ = ledger.record_payment(pledge=annual, amount=Decimal("120"), fee=Decimal("3.78"))
    ledger.refunded(refunded, amount=Decimal("20"), why="charge.refunded")
    ledger.record_payment(
        pledge=ana, amount=Decimal("18"), fee=Decimal("0.82"), status=Payment.Status.FAILED
    )
    ledger.record_payment(pledge=bo, amount=Decimal("50"), channel=Channel.CHEQUE)

    url = reverse("admin:donations_campaign_change", args=[campaign.pk])
    shown = readonly_values(fundraiser_client.get(url))
    assert "$188 of $1,000" in shown["raised_display"]  # pledged: unchanged by payments
    # 18 + (120 - 20) + 50 received; 0.82 + 3.78 in fees; 168 - 4.60 net.
    assert (shown["received_display"], shown["fees_display"], shown["net_display"]) == (
        "$168",
        "$4.60",
        "$163.40",
    )

    html = fundraiser_client.get(reverse("admin:donations_campaign_changelist")).content.decode()
    row = html[html.index("Hand-checked") :]
    row = row[: row.index("</tr>")]
    assert (
        '$168<span class="campaign-donors">fees $4.60</span>'
        '<span class="campaign-donors">net $163.40</span>'
    ) in row


def readonly_values(response):
    """{field name: rendered value} of the read-only fields on an admin change page."""
    values = {}
    for fieldset in response.context["adminform"]:
        for line in fieldset:
            for field in line:
                if field.is_readonly:
                    values[field.field["name"]] = str(field.contents())
    return values


def test_monthly_recurring_value_keeps_cents(fundraiser_client):
    campaign = make_campaign(name="Cents")
    make_pledge(
        campaign, amount=Decimal("100"), frequency=Frequency.ANNUAL, status=Pledge.Status.ACTIVE
    )
    response = fundraiser_client.get(
        reverse("admin:donations_campaign_change", args=[campaign.pk])
    )
    assert "$8.33 a month" in response.content.decode()


def test_saving_an_existing_campaign_keeps_its_pledges_and_changes_fields(fundraiser_client):
    campaign = hand_checked_campaign()
    url = reverse("admin:donations_campaign_change", args=[campaign.pk])
    local = timezone.localtime(campaign.starts_at)
    data = campaign_post(
        name="Renamed",
        slug=campaign.slug,
        starts_at_0=local.strftime("%Y-%m-%d"),
        starts_at_1=local.strftime("%H:%M:%S"),
        ends_at_0="",
        ends_at_1="",
    )
    response = fundraiser_client.post(url, data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Renamed"
    assert campaign.pledges.count() == 4


@pytest.mark.parametrize(
    ("overrides", "state"),
    [
        ({}, "Live"),
        ({"starts_at": timezone.now() + timedelta(days=3)}, "Scheduled"),
        (
            {
                "starts_at": timezone.now() - timedelta(days=10),
                "ends_at": timezone.now() - timedelta(days=1),
            },
            "Ended",
        ),
        ({"is_active": False}, "Switched off"),
    ],
)
def test_state_column_and_filter(fundraiser_client, overrides, state):
    make_campaign(name="The one", **overrides)
    make_campaign(name="Other off", is_active=False)
    make_campaign(name="Other live")
    code = {"Live": "live", "Scheduled": "scheduled", "Ended": "ended", "Switched off": "off"}
    response = fundraiser_client.get(
        reverse("admin:donations_campaign_changelist"), {"state": code[state]}
    )
    names = [campaign.name for campaign in response.context["cl"].result_list]
    expected = {"Live": {"The one", "Other live"}, "Switched off": {"The one", "Other off"}}
    assert set(names) == expected.get(state, {"The one"})
    html = response.content.decode()
    row = html[html.index("The one") :]
    assert f'<td class="field-state">{state}<span class="campaign-runs">from ' in row


def test_changelist_sorts_by_raised(fundraiser_client):
    small, big = make_campaign(name="Small"), make_campaign(name="Big")
    make_pledge(small, amount=Decimal("5"))
    make_pledge(big, amount=Decimal("500"))
    cl = fundraiser_client.get(
        reverse("admin:donations_campaign_changelist"), {"o": "-3"}
    ).context["cl"]
    assert [c.name for c in cl.result_list] == ["Big", "Small"]


def test_search_by_name(fundraiser_client):
    make_campaign(name="Spring drive")
    make_campaign(name="Year-end match")
    cl = fundraiser_client.get(
        reverse("admin:donations_campaign_changelist"), {"q": "spring"}
    ).context["cl"]
    assert [c.name for c in cl.result_list] == ["Spring drive"]


def populate(campaigns, pledges_each):
    for _ in range(campaigns):
        campaign = make_campaign(sections=[make_section()])
        for _ in range(pledges_each):
            make_pledge(campaign)


@pytest.mark.parametrize(("campaigns", "pledges_each"), [(2, 2), (12, 6)])
def test_changelist_query_count_is_bounded(
    fundraiser_client, django_assert_max_num_queries, campaigns, pledges_each
):
    populate(campaigns, pledges_each)
    with django_assert_max_num_queries(8):
        response = fundraiser_client.get(reverse("admin:donations_campaign_changelist"))
    assert len(response.context["cl"].result_list) == campaigns


@pytest.mark.parametrize("sections", [1, 8])
def test_change_page_query_count_is_bounded(
    fundraiser_client, django_assert_max_num_queries, sections
):
    campaign = make_campaign(sections=[make_section() for _ in range(sections)])
    for _ in range(sections):
        make_pledge(campaign)
    with django_assert_max_num_queries(16):
        response = fundraiser_client.get(
            reverse("admin:donations_campaign_change", args=[campaign.pk])
        )
    assert response.status_code == 200


def test_a_campaign_without_a_goal_shows_its_sum_without_a_bar(fundraiser_client):
    campaign = make_campaign(name="Open-ended", goal=None)
    make_pledge(campaign, amount=Decimal("40"))
    html = fundraiser_client.get(reverse("admin:donations_campaign_changelist")).content.decode()
    row = html[html.index("Open-ended") :]
    row = row[: row.index("</tr>")]
    assert "$40" in row
    assert "(no goal)" in row
    assert "campaign-progress-bar" not in row


def test_changelist_links_to_the_dashboard(fundraiser_client):
    html = fundraiser_client.get(reverse("admin:donations_campaign_changelist")).content.decode()
    assert f'href="{reverse("admin:donations_dashboard")}"' in html


def test_a_donor_is_counted_once_however_the_address_is_written():
    campaign = make_campaign()
    make_pledge(campaign, email="Ana@Example.org")
    make_pledge(campaign, email="ana@example.org")
    make_pledge(campaign, email="ben@example.org")
    totals = Campaign.objects.with_totals().get(pk=campaign.pk)
    assert (totals.pledge_count, totals.donor_count) == (3, 2)


def test_a_campaign_targeted_at_an_organisation_through_the_form(fundraiser_client):
    from articles.models import Organisation

    ministry = Organisation.objects.create(name="Ministry of Defence", slug="mod")
    autocomplete = fundraiser_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Defence",
            "app_label": "donations",
            "model_name": "campaign",
            "field_name": "organisations",
        },
    )
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Ministry of Defence"]
    response = add_campaign(fundraiser_client, targets_all=None, organisations=[str(ministry.pk)])
    assert response.status_code == 302
    campaign = Campaign.objects.get(slug="spring-drive")
    assert list(campaign.organisations.all()) == [ministry]
    assert not campaign.targets_all
