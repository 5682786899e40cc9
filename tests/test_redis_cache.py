"""A hung Redis costs one timeout, then is left alone for a moment (GuardedRedisCache)."""

import socket
from unittest import mock

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from newsroom.serving import redis_cache
from tests.factories import make_article, make_campaign


@pytest.fixture
def hung_redis(settings):
    """A port that takes connections and never answers, as a hung Redis does."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    location = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.serving.redis_cache.GuardedRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.NEWSROOM_REDIS_RETRY_SECONDS = 5
    yield location
    redis_cache._resting_until.clear()
    listener.close()
    # The shared fixture that empties the cache after each test must reach a live one.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_after_a_timeout_redis_is_not_asked_until_the_pause_is_over(hung_redis):
    with pytest.raises(RedisTimeoutError):
        cache.get("a")
    with (
        mock.patch.object(redis_cache.RedisCacheClient, "get") as asked,
        pytest.raises(redis_cache.RedisUnavailable),
    ):
        cache.get("a")
    assert not asked.called
    # Callers that handle a stopped Redis handle this too.
    assert issubclass(redis_cache.RedisUnavailable, RedisConnectionError)

    later = redis_cache.time.monotonic() + 6
    with mock.patch.object(redis_cache.time, "monotonic", return_value=later):
        with pytest.raises(RedisTimeoutError):
            cache.set("a", 1)  # tried again, and still hung
        with pytest.raises(redis_cache.RedisUnavailable):
            cache.incr("a")


def test_a_success_after_the_pause_ends_it(hung_redis):
    with pytest.raises(RedisTimeoutError):
        cache.get("a")
    later = redis_cache.time.monotonic() + 6
    with (
        mock.patch.object(redis_cache.time, "monotonic", return_value=later),
        mock.patch.object(redis_cache.RedisCacheClient, "get", return_value="back"),
    ):
        assert cache.get("a") == "back"
        assert cache.get("a") == "back"
    assert redis_cache._resting_until == {}


@pytest.mark.django_db
def test_story_pages_with_redis_hung_wait_for_it_once(client, hung_redis):
    story = make_article()
    make_campaign()
    redis_cache._resting_until.clear()  # saving the story already met the hung Redis
    real = redis_cache.ReusingClient.get_client
    with mock.patch.object(
        redis_cache.ReusingClient, "get_client", autospec=True, side_effect=real
    ) as attempts:
        for _ in range(3):
            response = client.get(story.get_absolute_url())
            assert response.status_code == 200
            assert "Keep independent reporting free" in response.content.decode()
    assert attempts.call_count == 1


def test_the_real_redis_is_used_as_before(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.serving.redis_cache.GuardedRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": "newsroom-test-guarded",
        }
    }
    try:
        cache.set("k", {"v": 1}, 5)
    except RedisConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    assert cache.get("k") == {"v": 1}
    assert cache.add("k", 2) is False
    assert cache.incr("n", 1) if cache.add("n", 0, 5) else True
    assert cache.get_many(["k"]) == {"k": {"v": 1}}
    cache.delete_many(["k", "n"])
    assert cache.get("k") is None
