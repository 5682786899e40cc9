"""Admin sign-in is throttled per user name and address together, through /admin/login/."""

from unittest import mock

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = reverse("admin:login")
PASSWORD = "correct horse battery staple"  # make_user's default


@pytest.fixture(autouse=True)
def limits(settings):
    settings.NEWSROOM_LOGIN_ATTEMPTS = 3
    settings.NEWSROOM_LOGIN_WINDOW = 600


@pytest.fixture
def journalist():
    return make_user("journalist", username="noa")


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(
        URL, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def fail(client, times, username="noa", address="203.0.113.5"):
    for _ in range(times):
        response = sign_in(client, username, "wrong guess", address)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Please enter the correct username" in html or "Too many failed" in html


def test_right_password_signs_in(client, journalist):
    response = sign_in(client, "noa", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.parametrize(
    "unsafe_next", ["https://evil.example/", "//evil.example/admin/", "javascript:alert(1)"]
)
def test_an_unsafe_next_lands_on_the_admin_index(client, journalist, unsafe_next):
    response = client.post(
        URL,
        {"username": "noa", "password": PASSWORD, "next": unsafe_next},
        REMOTE_ADDR="203.0.113.5",
        follow=True,
    )
    assert response.redirect_chain == [(reverse("admin:index"), 302)]
    assert response.status_code == 200
    assert "Write, edit and publish" in response.content.decode()


def test_after_the_limit_even_the_right_password_is_refused_with_a_reason(client, journalist):
    fail(client, 3)
    response = sign_in(client, "noa", PASSWORD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Too many failed sign-ins for this name from your address" in html
    assert "Wait 10 minutes" in html
    assert 'value="noa"' in html  # the form comes back filled
    assert "_auth_user_id" not in client.session


def test_guessing_from_elsewhere_does_not_lock_the_journalist_out(client, journalist):
    fail(client, 5, address="198.51.100.66")
    assert sign_in(client, "noa", PASSWORD, address="203.0.113.5").status_code == 302


def test_other_names_from_the_same_address_still_sign_in(client, journalist):
    make_user("editor", username="sam")
    fail(client, 5, username="noa")
    assert sign_in(client, "sam", PASSWORD).status_code == 302


def test_the_name_is_counted_whatever_its_case(client, journalist):
    fail(client, 3, username="NOA")
    assert "Too many failed" in sign_in(client, "noa", PASSWORD).content.decode()


def test_success_clears_the_count(client, journalist):
    fail(client, 2)
    assert sign_in(client, "noa", PASSWORD).status_code == 302
    client.logout()
    fail(client, 2)
    assert sign_in(client, "noa", PASSWORD).status_code == 302


def test_the_behind_proxy_address_header_is_used(client, journalist, settings):
    settings.NEWSROOM_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(3):
        client.post(URL, {"username": "noa", "password": "x"}, HTTP_X_REAL_IP="192.0.2.9")
    response = client.post(
        URL, {"username": "noa", "password": PASSWORD}, HTTP_X_REAL_IP="192.0.2.9"
    )
    assert "Too many failed" in response.content.decode()
    other = client.post(
        URL, {"username": "noa", "password": PASSWORD}, HTTP_X_REAL_IP="192.0.2.10"
    )
    assert other.status_code == 302


def test_a_direct_client_cannot_forge_the_proxy_header(client, journalist, settings):
    """Someone reaching gunicorn directly (not from NEWSROOM_TRUSTED_PROXIES) is counted
    under their own address however many addresses they claim."""
    settings.NEWSROOM_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.NEWSROOM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n in range(3):
        client.post(
            URL,
            {"username": "noa", "password": "x"},
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_REAL_IP=f"192.0.2.{n}",
        )
    response = client.post(
        URL,
        {"username": "noa", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_REAL_IP="192.0.2.99",
    )
    assert "Too many failed" in response.content.decode()
    # The same header from the proxy's network is believed.
    via_proxy = client.post(
        URL,
        {"username": "noa", "password": PASSWORD},
        REMOTE_ADDR="10.1.2.3",
        HTTP_X_REAL_IP="192.0.2.99",
    )
    assert via_proxy.status_code == 302


def test_with_the_cache_down_staff_still_sign_in_on_their_password(client, journalist):
    broken = mock.Mock(
        **{
            "get.side_effect": ConnectionError,
            "add.side_effect": ConnectionError,
            "incr.side_effect": ConnectionError,
            "delete.side_effect": ConnectionError,
        }
    )
    with mock.patch("newsroom.serving.throttle.cache", broken):
        response = sign_in(client, "noa", "wrong")
        assert response.status_code == 200
        assert sign_in(client, "noa", PASSWORD).status_code == 302
