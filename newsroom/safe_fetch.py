"""Fetching a URL someone else gave us (an export, an agency feed, a partner) without
letting it reach inside our network: no server-side request forgery.

`fetch()` allows only http and https, resolves the host itself and refuses the URL when
any address it resolves to is loopback, private, link-local, shared (CGNAT), reserved,
multicast or unspecified (an IPv4 address inside IPv6 is judged as the IPv4 address). It
then connects to the address it checked, not to the name again, so a DNS answer that
changes between the check and the connection (DNS rebinding) changes nothing; TLS still
verifies the certificate for the host name. Redirects are followed by hand, at most
MAX_REDIRECTS, each one checked the same way. The body is capped at `max_bytes` (refused,
not cut) and the whole fetch at `timeout` seconds, redirects included.

`post()` sends a body (a partner's webhook) under the same rules: the address checked and
pinned, each redirect checked; only 307 and 308 are followed (they keep the method and
body), any other redirect is an error rather than a silent GET; any 2xx is success.

Hosts named in NEWSROOM_FETCH_ALLOWED_HOSTS skip the address check (an image server on
the internal network, or the tests' server on a loopback port); nothing else does.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 10.0
CHUNK = 64 * 1024
USER_AGENT = "Newsroom-fetch/1.0"
# Not global, though Python's is_global says otherwise for some of them.
REFUSED_NETWORKS = [ipaddress.ip_network("100.64.0.0/10"), ipaddress.ip_network("0.0.0.0/8")]


class FetchError(Exception):
    """The URL could not be fetched: the message says why, in words for staff."""


class FetchRefused(FetchError):
    """We will not fetch this URL: a scheme we do not speak, or an internal address."""


@dataclass(frozen=True)
class Posted:
    url: str  # where the body was taken, after redirects
    status: int


@dataclass(frozen=True)
class Fetched:
    url: str  # where the content came from, after redirects
    content: bytes
    content_type: str


def is_refused_address(address):
    """Whether an IP address is one a fetch must never reach."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
        or not ip.is_global
        or any(ip in network for network in REFUSED_NETWORKS if network.version == ip.version)
    )


def allowed_hosts():
    return {host.lower().strip("[]") for host in settings.NEWSROOM_FETCH_ALLOWED_HOSTS}


@dataclass(frozen=True)
class Target:
    """A URL checked for fetching: its parts and the address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def check_url(url):
    """The Target for `url`, or FetchRefused saying why it may not be fetched. Resolves the
    host (a DNS lookup) but connects to nothing."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused(f"{url!r} is not a valid address.") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise FetchRefused(f"{url!r}: only http and https addresses are fetched.")
    host = (parts.hostname or "").lower()
    if not host:
        raise FetchRefused(f"{url!r} names no host.")
    port = port or SCHEMES[scheme]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"{host} could not be found (DNS).") from None
    addresses = sorted({info[4][0] for info in found})
    if not addresses:
        raise FetchError(f"{host} could not be found (DNS).")
    if host not in allowed_hosts():
        refused = [address for address in addresses if is_refused_address(address)]
        if refused:
            raise FetchRefused(
                f"{url!r} points at an internal address ({', '.join(refused)}); "
                "only public addresses are fetched."
            )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme, host, port, path, addresses[0])


def _connection(target, timeout):
    """An HTTP(S) connection to the host's checked address, whatever DNS says next."""
    if target.scheme == "https":
        context = ssl.create_default_context()
        connection = http.client.HTTPSConnection(
            target.host, target.port, timeout=timeout, context=context
        )
    else:
        connection = http.client.HTTPConnection(target.host, target.port, timeout=timeout)

    def connect_to_checked_address(_address, timeout=timeout, source_address=None):
        return socket.create_connection((target.address, target.port), timeout, source_address)

    # http.client connects through this attribute; TLS then wraps the socket for `host`.
    connection._create_connection = connect_to_checked_address
    return connection


def fetch(url, *, max_bytes, timeout=DEFAULT_TIMEOUT, accept="*/*"):
    """GET `url` within the rules above; returns Fetched, or raises FetchRefused or
    FetchError (a status other than 200, too big, too slow, unreachable)."""
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        target = check_url(url)
        connection = _connection(target, _left(deadline, url))
        try:
            connection.request(
                "GET",
                target.path,
                headers={"User-Agent": USER_AGENT, "Accept": accept, "Connection": "close"},
            )
            # Kept before getresponse(), which hands a closing connection's socket over
            # to the response: the deadline is applied to each read through it.
            sock = connection.sock
            response = connection.getresponse()
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"{url} redirected without saying where.")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"{url} answered {response.status} {response.reason}.")
            content = _read_capped(sock, response, url, max_bytes, deadline)
            return Fetched(url, content, response.getheader("Content-Type", ""))
        except (OSError, http.client.HTTPException) as error:
            raise _failed(url, error, timeout, "fetched") from None
        finally:
            connection.close()
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects.")


def post(url, *, body, content_type, headers=None, timeout=DEFAULT_TIMEOUT):
    """POST `body` to `url` within the rules above; returns Posted for a 2xx answer (whose
    body is not read: only the status matters), or raises FetchRefused or FetchError."""
    deadline = time.monotonic() + timeout
    sent_headers = {
        **(headers or {}),
        "User-Agent": USER_AGENT,
        "Content-Type": content_type,
        "Content-Length": str(len(body)),
        "Connection": "close",
    }
    for _ in range(MAX_REDIRECTS + 1):
        target = check_url(url)
        connection = _connection(target, _left(deadline, url))
        try:
            connection.request("POST", target.path, body=body, headers=sent_headers)
            response = connection.getresponse()
            if response.status in {307, 308} and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if not 200 <= response.status < 300:
                raise FetchError(f"{url} answered {response.status} {response.reason}.")
            return Posted(url, response.status)
        except (OSError, http.client.HTTPException) as error:
            raise _failed(url, error, timeout, "reached") from None
        finally:
            connection.close()
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects.")


def _failed(url, error, timeout, verb):
    """The FetchError for a connection that failed or timed out: "could not be `verb`"."""
    if isinstance(error, TimeoutError):
        return FetchError(f"{url} took longer than {timeout:g} s.")
    return FetchError(f"{url} could not be {verb}: {error}.")


def _left(deadline, url):
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(f"{url} took too long.")
    return left


def _read_capped(sock, response, url, max_bytes, deadline):
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"{url} is {int(declared):,} bytes; at most {max_bytes:,} are fetched.")
    chunks, size = [], 0
    # The response closes its socket once it has read the whole body it was told of.
    while not response.isclosed():
        sock.settimeout(_left(deadline, url))
        chunk = response.read(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url} is more than {max_bytes:,} bytes; not fetched.")
    return b"".join(chunks)
