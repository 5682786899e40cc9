"""newsroom/safe_fetch.post(): a webhook's POST under the fetcher's rules."""

import pytest

from newsroom import safe_fetch
from tests.syndication.webhook_server import partner_server


def send(url, **options):
    return safe_fetch.post(url, body=b'{"a": 1}', content_type="application/json", **options)


def test_a_post_reaches_an_allowed_host_with_its_body_and_headers(partner_endpoint):
    posted = send(partner_endpoint.url(), headers={"X-Signature": "t=1,v1=ab"})
    assert posted.status == 204
    [(path, headers, body)] = partner_endpoint.received
    assert (path, body) == ("/hook", b'{"a": 1}')
    assert headers["X-Signature"] == "t=1,v1=ab"
    assert headers["Content-Type"] == "application/json"


def test_a_loopback_endpoint_is_refused_and_never_asked():
    with partner_server() as server:
        with pytest.raises(safe_fetch.FetchRefused, match="internal address"):
            send(server.url())
        assert server.received == []


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/hook", "http://169.254.169.254/", "file:///etc/passwd"]
)
def test_internal_and_odd_addresses_are_refused(url):
    with pytest.raises(safe_fetch.FetchRefused):
        send(url)


def test_a_307_is_followed_with_the_body_and_checked_again(partner_endpoint):
    partner_endpoint.answers["/old"] = (307, {"Location": "/new"})
    send(partner_endpoint.url("/old"))
    assert [(p, b) for p, _, b in partner_endpoint.received] == [
        ("/old", b'{"a": 1}'),
        ("/new", b'{"a": 1}'),
    ]


def test_a_redirect_to_an_internal_address_is_refused(partner_endpoint):
    partner_endpoint.answers["/hook"] = (308, {"Location": "http://10.0.0.1/steal"})
    with pytest.raises(safe_fetch.FetchRefused, match="internal address"):
        send(partner_endpoint.url())


@pytest.mark.parametrize("status", [302, 404, 500])
def test_anything_but_2xx_and_307_308_is_an_error_saying_what_came_back(partner_endpoint, status):
    partner_endpoint.answers["/hook"] = (status, {"Location": "/elsewhere"})
    with pytest.raises(safe_fetch.FetchError, match=f"answered {status}"):
        send(partner_endpoint.url())
    assert len(partner_endpoint.received) == 1
