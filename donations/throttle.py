"""Counting attempts in the cache, so every app process shares one count (with Redis).

When the cache cannot be reached the answer is "not now" (`ThrottleUnavailable`), never
"unlimited": a pledge form with its rate limit switched off invites abuse.
"""

from django.conf import settings
from django.core.cache import cache


class ThrottleUnavailable(Exception):
    """The cache that holds the counts is down."""


def client_address(request):
    """The reader's address: REMOTE_ADDR, or the header a trusted proxy sets (settings)."""
    header = settings.NEWSROOM_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        # X-Forwarded-For lists the hops; the proxy we trust appended the last one.
        address = forwarded.split(",")[-1].strip()
        if address:
            return address
    return request.META.get("REMOTE_ADDR", "")


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
