"""newsroom/safe_fetch.py: no server-side request forgery, with a real server on a loopback
port standing in for everything inside our network."""

import socket
import time

import pytest

from newsroom import safe_fetch

MAX = 1_000_000


def test_a_loopback_server_is_refused_and_never_asked(http_server):
    url = http_server.serve("/picture.jpg", b"data")
    with pytest.raises(safe_fetch.FetchRefused, match="internal address"):
        safe_fetch.fetch(url, max_bytes=MAX)
    assert http_server.requests == []


def test_a_name_resolving_to_loopback_is_refused(http_server):
    url = http_server.serve("/picture.jpg", b"data").replace("127.0.0.1", "localhost")
    with pytest.raises(safe_fetch.FetchRefused, match="internal address"):
        safe_fetch.fetch(url, max_bytes=MAX)
    assert http_server.requests == []


def test_the_explicit_setting_allows_the_tests_server(http_server, allow_loopback):
    url = http_server.serve("/picture.jpg", b"data")
    fetched = safe_fetch.fetch(url, max_bytes=MAX)
    assert (fetched.content, fetched.content_type) == (b"data", "image/jpeg")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.10",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # shared address space (CGNAT)
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
    ],
)
def test_internal_addresses_are_refused(address):
    assert safe_fetch.is_refused_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_not(address):
    assert not safe_fetch.is_refused_address(address)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/a.jpg",
        "gopher://127.0.0.1:6379/_INFO",
        "http:///no-host",
        "http://[::1]:80/",
        "http://169.254.169.254/latest/meta-data/",
        "http://2130706433/",  # 127.0.0.1 as one number
        "http://0x7f.1/",
    ],
)
def test_other_schemes_and_internal_hosts_are_refused(url):
    with pytest.raises(safe_fetch.FetchError):
        safe_fetch.fetch(url, max_bytes=MAX)


def test_a_redirect_to_an_internal_address_is_refused(http_server, allow_loopback):
    inside = http_server.serve("/secret", b"secret").replace("127.0.0.1", "localhost")
    url = http_server.serve("/jump", status=302, headers={"Location": inside})
    with pytest.raises(safe_fetch.FetchRefused, match="internal address"):
        safe_fetch.fetch(url, max_bytes=MAX)
    assert http_server.requests == ["/jump"]


def test_redirects_between_allowed_addresses_are_followed_a_few_times(http_server, allow_loopback):
    http_server.serve("/final.jpg", b"pixels")
    url = http_server.serve("/moved", status=301, headers={"Location": "/final.jpg"})
    assert safe_fetch.fetch(url, max_bytes=MAX).content == b"pixels"
    loop = http_server.serve("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(safe_fetch.FetchError, match="redirects"):
        safe_fetch.fetch(loop, max_bytes=MAX)


def test_the_size_is_capped(http_server, allow_loopback):
    url = http_server.serve("/big.jpg", b"x" * 5000)
    with pytest.raises(safe_fetch.FetchError, match="5,000 bytes"):
        safe_fetch.fetch(url, max_bytes=4000)


def test_a_body_of_no_declared_length_is_capped_as_it_is_read(http_server, allow_loopback):
    url = http_server.serve("/stream.jpg", b"x" * 5000, headers={"Content-Length": ""})
    with pytest.raises(safe_fetch.FetchError, match="more than 4,000 bytes"):
        safe_fetch.fetch(url, max_bytes=4000)


def test_the_time_is_capped(http_server, allow_loopback):
    url = http_server.serve("/slow.jpg", b"x", delay=3)
    started = time.monotonic()
    with pytest.raises(safe_fetch.FetchError, match="longer than 0.5 s"):
        safe_fetch.fetch(url, max_bytes=MAX, timeout=0.5)
    assert time.monotonic() - started < 2


def test_a_status_other_than_200_is_an_error(http_server, allow_loopback):
    with pytest.raises(safe_fetch.FetchError, match="404"):
        safe_fetch.fetch(f"{http_server.base}/missing.jpg", max_bytes=MAX)


def test_the_connection_goes_to_the_checked_address_whatever_dns_says_next(
    http_server, settings, monkeypatch
):
    """DNS rebinding: the name answers an allowed address for the check and an internal
    one afterwards; the fetch reaches the checked address, resolving the name once."""
    settings.NEWSROOM_FETCH_ALLOWED_HOSTS = []
    real_getaddrinfo = socket.getaddrinfo
    asked = []

    def rebinding_dns(host, port, *args, **kwargs):
        if host == "rebind.test":
            asked.append(host)
            address = "93.184.215.14" if len(asked) == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    connected = []

    def record_connection(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("not on the internet in the tests")

    monkeypatch.setattr(socket, "create_connection", record_connection)
    port = http_server.server_address[1]
    with pytest.raises(safe_fetch.FetchError):
        safe_fetch.fetch(f"http://rebind.test:{port}/a.jpg", max_bytes=MAX)
    assert asked == ["rebind.test"]
    assert connected == [("93.184.215.14", port)]
    assert http_server.requests == []
