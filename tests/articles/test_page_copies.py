"""Each process's copies of kept pages (newsroom/serving/page_copies.py), on a real Redis: answered
without asking Redis, dropped at once on a change, unused when not hearing from Redis."""

import time
import uuid
from unittest import mock

import pytest
import redis

from articles.models import Article
from newsroom.serving import page_cache, page_copies, redis_cache
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
        client.get(url)  # from Redis: the page, then its tags' versions
        client.get(url)  # from the copy
    assert reads.call_count == 2


def test_a_change_reaches_the_copies_at_once(client, story, copies):
    url = story.get_absolute_url()
    client.get(url)
    epoch = copies.epoch()
    Article.objects.filter(pk=story.pk).update(headline="Ferry plan withdrawn")
    forget_pages()  # as bulk writers do (newsroom/serving/invalidation.py)
    wait_until(lambda: copies.epoch() != epoch, seconds=1)
    assert "Ferry plan withdrawn" in client.get(url).content.decode()


def test_a_save_drops_only_the_copies_that_show_it(client, story, copies):
    other = make_article(headline="Library hours extended")
    client.get(story.get_absolute_url())
    client.get(other.get_absolute_url())
    epoch = copies.epoch()
    story.dek = "The council voted on Monday."
    story.save()
    wait_until(lambda: copies.epoch() != epoch, seconds=1)
    with redis_reads() as reads:
        assert "Library hours" in client.get(other.get_absolute_url()).content.decode()
    assert reads.call_count == 0  # still a copy
    assert "voted on Monday" in client.get(story.get_absolute_url()).content.decode()


def test_copies_are_unused_while_not_hearing_from_redis(client, story, copies, monkeypatch):
    url = story.get_absolute_url()
    client.get(url)
    monkeypatch.setattr(page_copies, "LISTEN_GRACE_SECONDS", 0)
    assert not copies.listening()
    with redis_reads() as reads:
        client.get(url)
    assert reads.call_count == 2


def test_what_was_read_before_a_change_was_heard_is_not_kept(client, story, copies):
    url = story.get_absolute_url()
    client.get(url)
    key = page_cache.page_key(_request(url))
    kept = copies.page(key, time.time())
    epoch = copies.epoch()
    copies.forget(frozenset({"article-0"}))  # heard a change, even of something else
    copies.saw(kept["token"], epoch)
    copies.keep("key", kept, epoch)
    assert copies.page("key", time.time()) is None


def _kept(token, size, fresh_for=60, tags=()):
    return {
        "token": token,
        "versions": dict.fromkeys(tags, 1),
        "content": b"x" * size,
        "fresh_until": time.time() + fresh_for,
    }


def test_copies_stay_within_their_bytes(copies, settings):
    epoch = copies.epoch()
    copies.saw("token", epoch)
    for n in range(8):
        copies.keep(f"page{n}", _kept("token", 200_000), epoch)
    kept = [n for n in range(8) if copies.page(f"page{n}", time.time())]
    assert kept == [4, 5, 6, 7]  # the oldest went first
    assert copies._bytes <= copies.max_bytes
    # A page bigger than a quarter of the room is never copied.
    copies.keep("huge", _kept("token", 300_000), epoch)
    assert copies.page("huge", time.time()) is None


def test_no_copy_outlives_its_freshness_or_another_generation(copies):
    copies.saw("one", copies.epoch())
    copies.keep("page", _kept("one", 1, fresh_for=30), copies.epoch())
    assert copies.page("page", time.time() + 29) is not None
    assert copies.page("page", time.time() + 31) is None
    copies.saw("two", copies.epoch())  # forget_pages() elsewhere: a new generation
    assert copies.page("page", time.time()) is None


def test_a_message_drops_the_copies_under_its_tags(copies):
    copies.saw("token", copies.epoch())
    copies.keep("a", _kept("token", 1, tags=["article-1", "section-1"]), copies.epoch())
    copies.keep("b", _kept("token", 1, tags=["article-2", "section-1"]), copies.epoch())
    copies.forget(page_copies._tags(b"article-1 person-9"))
    assert copies.page("a", time.time()) is None
    assert copies.page("b", time.time()) is not None
    copies.forget(page_copies._tags(page_copies.EVERYTHING.encode()))
    assert copies.page("b", time.time()) is None


def _request(url):
    from django.test import RequestFactory

    return RequestFactory().get(url)
