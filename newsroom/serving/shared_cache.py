"""The one policy for a shared cache that is down.

Reader pages, the section menu, the campaigns' targeting and the appeal's totals are kept in
the shared cache (Redis in production). When it cannot be reached, a read is a miss and a
write is skipped: the caller computes the value from the database and the reader never
waits on the cache. Each kind of failure is logged at most once a minute per process, since
a cache that is down would otherwise log on every request.

The throttles (`throttle.py`) are the exception: a limit that cannot be counted is not a
miss, so they raise `ThrottleUnavailable` and their callers decide.

`CACHE_DOWN` is what a down cache raises: redis-py's errors (newsroom.serving.redis_cache
raises its own subclass while it leaves a failed Redis alone). The local-memory cache of the
demo and the tests never raises.
"""

import logging
import math
import time

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

CACHE_DOWN = (RedisError,)
WARN_EVERY_SECONDS = 60

_last_warning = {}


def warn(message):
    """Log `message` with the error being handled, at most once a minute per process."""
    now = time.monotonic()
    if now - _last_warning.get(message, -math.inf) >= WARN_EVERY_SECONDS:
        _last_warning[message] = now
        logger.warning(message, exc_info=True)


def read_many(keys, *, unavailable):
    """The values found for `keys` ({} when the cache is down, after warning `unavailable`)."""
    try:
        return cache.get_many(keys)
    except CACHE_DOWN:
        warn(unavailable)
        return {}


def keep(key, value, timeout, *, unavailable):
    """Keep `value`; True if kept, False (after warning `unavailable`) if the cache is down."""
    try:
        cache.set(key, value, timeout)
    except CACHE_DOWN:
        warn(unavailable)
        return False
    return True


def forget_many(keys, *, unavailable):
    """Forget `keys`; with the cache down they expire on their own."""
    try:
        cache.delete_many(keys)
    except CACHE_DOWN:
        warn(unavailable)
