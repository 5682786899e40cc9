"""Each process's copies of kept pages (newsroom/serving/page_copies.py), on a real Redis: answered
without asking Redis, dropped at once on a change, unused when not hearing from Redis."""

import time
import uuid
from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.utils import timezone

from articles.models import Article
from newsroom.serving import invalidation, page_cache, page_copies, redis_cache
from newsroom.serving.invalidation import forget_pages, generation_key
from tests.factories import make_article, make_campaign

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def story():
    make_campaign()
    return make_article(headline="Council votes to reopen the ferry")


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.2).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def copies(settings):
    """The page cache on Redis with copies in this process, listening."""
    if not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.serving.redis_cache.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        }
    }
    settings.NEWSROOM_PAGE_COPIES_BYTES = 1_000_000
    process_copies = page_copies.for_process(generation_key())
    wait_until(process_copies.listening)
    yield process_copies
    process_copies.stop()
    page_copies._process_copies.clear()
    # The shared fixture that empties the cache after each test must reach a live one.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def wait_until(condition, seconds=3):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"still not {condition}"
        time.sleep(0.01)


def redis_reads():
    """Counts the page cache's reads from Redis (one get_many per page not copied)."""
    return mock.patch.object(
        redis_cache.GuardedClient, "get_many", autospec=True, side_effect=_real_get_many
    )


_real_get_many = redis_cache.GuardedClient.get_many


def test_without_redis_there_are_no_copies(settings):
    settings.REDIS_URL = None
    assert page_copies.for_process(generation_key()) is None


def test_copies_can_be_switched_off(copies, settings):
    settings.NEWSROOM_PAGE_COPIES_BYTES = 0
    assert page_copies.for_process(generation_key()) is None


def test_a_kept_page_is_answered_from_the_copy_without_redis_or_the_database(
    client, story, copies, django_assert_num_queries
):
    url = story.get_absolute_url()
    first = client.get(url)
    with redis_reads() as reads, django_assert_num_queries(0):
        again = client.get(url)
        conditional = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert reads.call_count == 0
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]
    assert conditional.status_code == 304


def test_a_page_from_redis_becomes_a_copy(client, story, copies):
    url = story.get_absolute_url()
    client.get(url)  # rendered, kept in Redis and copied
    copies.forget()  # as if this process had only just started listening
    with redis_reads() as reads:
        client.get(url)  # from Redis
        client.get(url)  # from the copy
    assert reads.call_count == 1


def test_a_change_reaches_the_copies_at_once(client, story, copies):
    url = story.get_absolute_url()
    client.get(url)
    epoch = copies.epoch()
    Article.objects.filter(pk=story.pk).update(headline="Ferry plan withdrawn")
    forget_pages()  # as every content change does (newsroom/serving/invalidation.py)
    wait_until(lambda: copies.epoch() != epoch, seconds=1)
    assert "Ferry plan withdrawn" in client.get(url).content.decode()


def test_copies_are_unused_while_not_hearing_from_redis(client, story, copies, monkeypatch):
    url = story.get_absolute_url()
    client.get(url)
    monkeypatch.setattr(page_copies, "LISTEN_GRACE_SECONDS", 0)
    assert not copies.listening()
    with redis_reads() as reads:
        client.get(url)
    assert reads.call_count == 1


def test_what_was_read_before_a_change_was_heard_is_not_kept(client, story, copies):
    url = story.get_absolute_url()
    client.get(url)
    generation, stored = copies.page(page_cache.page_key(_request(url)), timezone.now())
    epoch = copies.epoch()
    copies.forget()  # heard a change
    copies.saw(generation, epoch)
    copies.keep("key", stored, generation, epoch, timezone.now())
    assert copies.page("key", timezone.now()) is None
    assert copies._generation is None


def test_copies_stay_within_their_bytes(copies, settings):
    generation = invalidation.Generation("token", timezone.now(), None)
    epoch = copies.epoch()
    copies.saw(generation, epoch)
    now = timezone.now()
    page = ("token", 200, [], b"x" * 200_000)
    for n in range(8):
        copies.keep(f"page{n}", page, generation, epoch, now)
    kept = [n for n in range(8) if copies.page(f"page{n}", timezone.now())]
    assert kept == [4, 5, 6, 7]  # the oldest went first
    assert copies._bytes <= copies.max_bytes
    # A page bigger than a quarter of the room is never copied.
    copies.keep("huge", ("token", 200, [], b"x" * 300_000), generation, epoch, now)
    assert copies.page("huge", timezone.now()) is None


def test_no_copy_outlives_the_next_scheduled_change_or_the_page_cache_seconds(copies, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    now = timezone.now()
    soon = invalidation.Generation("soon", now, now + timedelta(seconds=30))
    copies.saw(soon, copies.epoch())
    copies.keep("page", ("soon", 200, [], b"x"), soon, copies.epoch(), now)
    assert copies.page("page", now + timedelta(seconds=29)) is not None
    assert copies.page("page", now + timedelta(seconds=30)) is None

    copies.forget()
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    open_ended = invalidation.Generation("open", now, None)
    copies.saw(open_ended, copies.epoch())
    copies.keep("page", ("open", 200, [], b"x"), open_ended, copies.epoch(), now)
    assert copies.page("page", now + timedelta(seconds=59)) is not None
    assert copies.page("page", now + timedelta(seconds=60)) is None


def _request(url):
    from django.test import RequestFactory

    return RequestFactory().get(url)
