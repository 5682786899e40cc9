"""Who may open the fundraising desk: the Fundraising group and superusers, nobody else."""

import pytest
from django.urls import reverse

from donations import ledger
from donations.models import Channel, Pledge, PledgeStatusChange
from tests.factories import ROLES, login, make_campaign, make_pledge, make_section

pytestmark = pytest.mark.django_db

DESK = [302, 403, 403, 200, 200]  # anonymous goes to the login page
NOBODY = [302, 403, 403, 403, 403]  # pledges and payments are records: nobody deletes one


@pytest.fixture
def pledge():
    pledge = make_pledge(make_campaign(name="Spring drive"), donor_name="Dana Donor")
    ledger.record_payment(pledge=pledge, amount=pledge.amount, channel=Channel.CHEQUE)
    return pledge


def url_for(page, pledge):
    campaign = pledge.campaign
    payment = pledge.payments.get()
    return {
        "campaign-list": reverse("admin:donations_campaign_changelist"),
        "campaign-add": reverse("admin:donations_campaign_add"),
        "campaign-change": reverse("admin:donations_campaign_change", args=[campaign.pk]),
        "campaign-delete": reverse("admin:donations_campaign_delete", args=[campaign.pk]),
        "campaign-history": reverse("admin:donations_campaign_history", args=[campaign.pk]),
        "pledge-list": reverse("admin:donations_pledge_changelist"),
        "pledge-change": reverse("admin:donations_pledge_change", args=[pledge.pk]),
        "pledge-history": reverse("admin:donations_pledge_history", args=[pledge.pk]),
        "pledge-exports": reverse("admin:donations_pledge_exports"),
        "dashboard": reverse("admin:donations_dashboard"),
        "app-index": reverse("admin:app_list", args=["donations"]),
        "pledge-add": reverse("admin:donations_pledge_add"),
        "pledge-delete": reverse("admin:donations_pledge_delete", args=[pledge.pk]),
        "payment-list": reverse("admin:donations_payment_changelist"),
        "payment-change": reverse("admin:donations_payment_change", args=[payment.pk]),
        "payment-add": reverse("admin:donations_payment_add"),
        "payment-delete": reverse("admin:donations_payment_delete", args=[payment.pk]),
    }[page]


GET_MATRIX = {
    "campaign-list": DESK,
    "campaign-add": DESK,
    "campaign-change": DESK,
    "campaign-delete": DESK,
    "campaign-history": DESK,
    "pledge-list": DESK,
    "pledge-change": DESK,
    "pledge-history": DESK,
    "pledge-exports": DESK,
    "dashboard": DESK,
    # Django answers 404 for an app index the user has no model in, not 403.
    "app-index": [302, 404, 404, 200, 200],
    "pledge-add": DESK,  # an offline pledge (cheque, transfer, phone, event)
    "payment-list": DESK,
    "payment-change": DESK,
    "payment-add": NOBODY,  # from the pledge's page
    "payment-delete": NOBODY,
    "pledge-delete": NOBODY,
}


@pytest.mark.parametrize("page", list(GET_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(client, pledge, page, role):
    expected = GET_MATRIX[page][ROLES.index(role)]
    response = login(client, role).get(url_for(page, pledge))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("admin:login"))
    if expected != 200:
        content = b"".join(response) if response.streaming else response.content
        assert b"Dana Donor" not in content
        assert pledge.email.encode() not in content


@pytest.mark.parametrize("role", ["anonymous", "journalist", "editor"])
def test_outsiders_cannot_change_a_pledge_by_post(client, pledge, role):
    login(client, role)
    url = reverse("admin:donations_pledge_change", args=[pledge.pk])
    response = client.post(url, {"status": "cancelled", "note": ""})
    assert response.status_code in (302, 403)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PLEDGED
    assert not PledgeStatusChange.objects.exists()


@pytest.mark.parametrize("role", ["anonymous", "journalist", "editor"])
def test_outsiders_cannot_run_the_actions(client, pledge, role):
    login(client, role)
    response = client.post(
        reverse("admin:donations_pledge_changelist"),
        {"action": "mark_fulfilled", "_selected_action": [pledge.pk]},
    )
    assert response.status_code in (302, 403)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PLEDGED


@pytest.mark.parametrize("role", ["journalist", "editor"])
def test_newsroom_does_not_see_fundraising_on_the_index(client, pledge, role):
    html = login(client, role).get(reverse("admin:index")).content.decode()
    assert "Articles" in html  # the index did render their own apps
    assert "Fundraising" not in html
    assert reverse("admin:donations_dashboard") not in html


@pytest.mark.parametrize("role", ["fundraiser", "superuser"])
def test_the_desk_sees_fundraising_and_the_dashboard_link(client, pledge, role):
    html = login(client, role).get(reverse("admin:index")).content.decode()
    assert "Fundraising" in html
    assert f'href="{reverse("admin:donations_dashboard")}"' in html


def test_fundraiser_can_look_up_sections_for_targeting(client):
    make_section(name="World")
    make_section(name="Culture")
    login(client, "fundraiser")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "donations",
            "model_name": "campaign",
            "field_name": "sections",
            "term": "Wor",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["World"]


@pytest.mark.parametrize("field", ["tags", "places", "excluded_sections"])
def test_fundraiser_can_look_up_the_other_targets(client, field):
    login(client, "fundraiser")
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "donations", "model_name": "campaign", "field_name": field, "term": ""},
    )
    assert response.status_code == 200


def test_anonymous_autocomplete_goes_to_login(client):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "donations", "model_name": "campaign", "field_name": "sections"},
    )
    assert response.status_code == 302
