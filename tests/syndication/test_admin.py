"""The syndication desk in the admin: who sees it, a key shown once, revoking, webhook
addresses refused when they point inside."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from syndication.models import ApiKey, Partner, WebhookDelivery, key_digest
from tests.factories import ROLES, login, make_article, make_section, make_user
from tests.syndication.conftest import bearer, make_key, make_partner

pytestmark = pytest.mark.django_db

PAGES = [
    "admin:syndication_partner_changelist",
    "admin:syndication_partner_add",
    "admin:syndication_apikey_changelist",
    "admin:syndication_apikey_add",
    "admin:syndication_webhookdelivery_changelist",
]


@pytest.fixture
def desk_client(client):
    """A staff member given the one permission, and nothing else."""
    user = make_user("journalist")
    user.user_permissions.add(Permission.objects.get(codename="manage_partners"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("role", "status"), list(zip(ROLES, [302, 403, 403, 403, 200], strict=True))
)
def test_only_the_permission_opens_the_desk(client, role, status, page):
    login(client, role)
    assert client.get(reverse(page)).status_code == status


@pytest.mark.parametrize("page", PAGES)
def test_the_permission_alone_opens_it(desk_client, page):
    assert desk_client.get(reverse(page)).status_code == 200


def test_a_new_key_is_shown_once_and_kept_only_as_its_digest(desk_client, client):
    partner, section = make_partner(), make_section()
    make_article(section=section)
    response = desk_client.post(
        reverse("admin:syndication_apikey_add"),
        {"partner": partner.pk, "label": "production", "sections": [section.pk],
         "requests_per_minute": 30},
    )  # fmt: skip
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = response.context["raw_key"]
    assert raw.startswith("nrs_") and raw in response.content.decode()
    key = ApiKey.objects.get()
    assert key.digest == key_digest(raw)
    assert raw not in str(ApiKey.objects.values().get())
    change = desk_client.get(reverse("admin:syndication_apikey_change", args=[key.pk]))
    assert raw not in change.content.decode()
    assert key.prefix in change.content.decode()
    assert client.get(reverse("syndication:story-list"), **bearer(raw)).status_code == 200


def test_revoking_from_the_list_closes_the_api_to_the_key(desk_client, client):
    key, raw = make_key(sections=[make_section()])
    desk_client.post(
        reverse("admin:syndication_apikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [key.pk]},
    )
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    assert client.get(reverse("syndication:story-list"), **bearer(raw)).status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "ftp://partner.example/hook",
    ],
)
def test_a_webhook_address_inside_our_network_is_refused_when_saved(desk_client, url):
    response = desk_client.post(
        reverse("admin:syndication_partner_add"), {"name": "Sneaky", "webhook_url": url}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["webhook_url"]
    assert not Partner.objects.exists()


def test_deliveries_are_listed_with_their_outcome(desk_client):
    partner = make_partner()
    WebhookDelivery.objects.create(
        partner=partner, article=make_article(), event="published", status="failed",
        attempts=3, last_error="partner.example answered 500 Internal Server Error.",
    )  # fmt: skip
    page = desk_client.get(reverse("admin:syndication_webhookdelivery_changelist"))
    assert "Failed" in page.content.decode()
    delivery = WebhookDelivery.objects.get()
    detail = desk_client.get(
        reverse("admin:syndication_webhookdelivery_change", args=[delivery.pk])
    ).content.decode()
    assert "answered 500" in detail
