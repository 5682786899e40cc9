"""Counting attempts in the cache, so every app process shares one count (with Redis).

When the cache cannot be reached these raise `ThrottleUnavailable`; the caller decides. The
pledge form says "not now" (a form with its rate limit off invites abuse); the staff login
lets people in on their password alone (the newsroom must not be locked out with Redis).
"""

import ipaddress

from django.conf import settings
from django.core.cache import cache


class ThrottleUnavailable(Exception):
    """The cache that holds the counts is down."""


def client_address(request):
    """The reader's address: REMOTE_ADDR, or the header (settings) when the request came
    from one of NEWSROOM_TRUSTED_PROXIES, which overwrite it with what they saw."""
    remote = request.META.get("REMOTE_ADDR", "")
    header = settings.NEWSROOM_CLIENT_IP_HEADER
    if header and is_trusted_proxy(remote):
        forwarded = request.META.get(header, "")
        # X-Forwarded-For lists the hops; the proxy we trust appended the last one.
        address = forwarded.split(",")[-1].strip()
        if address:
            return address
    return remote


def is_trusted_proxy(address):
    """True when `address` is in NEWSROOM_TRUSTED_PROXIES (addresses or networks)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        ip in ipaddress.ip_network(network, strict=False)
        for network in settings.NEWSROOM_TRUSTED_PROXIES
    )


def attempts(key):
    """How many attempts are counted under `key` in its current window."""
    try:
        return cache.get(f"throttle:{key}", 0)
    except Exception as error:
        raise ThrottleUnavailable from error


def forget(key):
    """Start counting `key` afresh (after a success)."""
    try:
        cache.delete(f"throttle:{key}")
    except Exception as error:
        raise ThrottleUnavailable from error


def hit(key, *, limit, window):
    """Count one attempt under `key`; True while the count is within `limit` per `window`
    seconds (a fixed window starting at the first attempt)."""
    key = f"throttle:{key}"
    try:
        if cache.add(key, 1, window):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, window)
            return True
    except Exception as error:
        raise ThrottleUnavailable from error
    return count <= limit
