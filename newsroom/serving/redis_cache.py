"""Django's Redis cache, but a Redis that stopped answering is left alone for a moment,
and one client object per connection pool instead of a new one for every call.

Without this, every cache call waits NEWSROOM_REDIS_TIMEOUT for a hung Redis: a story
page makes several, so each reader waits seconds for as long as it hangs. After a call
fails to connect or times out, this process skips Redis for NEWSROOM_REDIS_RETRY_SECONDS
and every call fails at once with the same kind of error, which each caller already
handles (pages from the database, pledges refused, sign-in by password alone). Then one
call tries again.
"""

import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# When each Redis server (by address) may be tried again, shared by this process's threads.
_resting_until = {}


class RedisUnavailable(RedisConnectionError):
    """Redis failed a moment ago; not tried again yet."""


class ReusingClient(RedisCacheClient):
    """Django builds a redis-py client for every cache call; that was half the time of a
    page answered from the cache. A client is a thin, thread-safe wrapper around its
    pool, so one per pool is enough."""

    # Undocumented parts of Django's Redis cache (_get_connection_pool, _client), checked
    # against Django 5.2.19 by tests/test_upgrade_guards.py.

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class GuardedClient:
    def __init__(self, servers, **options):
        self._client = ReusingClient(servers, **options)
        self._servers = tuple(servers)

    def _call(self, method, *args):
        resting_until = _resting_until.get(self._servers, 0)
        if time.monotonic() < resting_until:
            raise RedisUnavailable(
                f"Redis failed less than {settings.NEWSROOM_REDIS_RETRY_SECONDS} s ago"
            )
        try:
            result = method(*args)
        except (RedisConnectionError, RedisTimeoutError):
            _resting_until[self._servers] = (
                time.monotonic() + settings.NEWSROOM_REDIS_RETRY_SECONDS
            )
            raise
        if resting_until:
            _resting_until.pop(self._servers, None)
        return result

    def add(self, key, value, timeout):
        return self._call(self._client.add, key, value, timeout)

    def get(self, key, default):
        return self._call(self._client.get, key, default)

    def set(self, key, value, timeout):
        return self._call(self._client.set, key, value, timeout)

    def touch(self, key, timeout):
        return self._call(self._client.touch, key, timeout)

    def delete(self, key):
        return self._call(self._client.delete, key)

    def get_many(self, keys):
        return self._call(self._client.get_many, keys)

    def has_key(self, key):
        return self._call(self._client.has_key, key)

    def incr(self, key, delta):
        return self._call(self._client.incr, key, delta)

    def set_many(self, data, timeout):
        return self._call(self._client.set_many, data, timeout)

    def delete_many(self, keys):
        return self._call(self._client.delete_many, keys)

    def clear(self):
        return self._call(self._client.clear)

    def publish(self, channel, message):
        return self._call(self._client.get_client(write=True).publish, channel, message)


class GuardedRedisCache(RedisCache):
    @cached_property
    def _cache(self):
        return GuardedClient(self._servers, **self._options)

    def publish(self, channel, message):
        """Redis pub/sub, for what each process must hear at once (page_copies.py)."""
        return self._cache.publish(channel, message)
