"""Each app process's own copies of reader pages from the shared cache, so that a kept page
costs no round trip to Redis.

Answered from Redis, a kept page costs a round trip and tens of kilobytes carried across,
which held the page cache well below a minimal Django view (bench/RESULTS.md). So each process
keeps copies of the pages it served from the cache or rendered, with the tags each is kept
under, and uses them only while it is sure to hear of every change: a thread listens on a
Redis channel where every forgetting is announced (invalidation.forget() and
forget_pages()). A message names the tags forgotten, and only the copies kept under one of
them go; "*" (EVERYTHING, from forget_pages()) drops them all. A copy is used only

- while that thread has heard from Redis (a message, or the answer to the ping it sends
  every PING_SECONDS) within the last LISTEN_GRACE_SECONDS;
- under the generation this process last read from Redis in the same *epoch*: a change
  heard, a new subscription or a page found in no epoch starts a new one, and a
  generation or page read before it is refused, so nothing read before a change is kept
  after the process hears of it;
- while it is fresh: its `fresh_until`, as page_cache.py set it (NEWSROOM_PAGE_CACHE_SECONDS,
  its first scheduled change, NEWSROOM_PAGE_TOTALS_SECONDS for a progress bar, the
  replica's lag). Past it the shared cache decides: stale while revalidating, or a render.

A change therefore reaches every process as fast as Redis delivers a message (well under a
millisecond on one network), as it reaches the shared cache; a process whose connection to
Redis silently died stops using its copies within LISTEN_GRACE_SECONDS. With the local
memory cache (the demo, the tests) or NEWSROOM_PAGE_COPIES_BYTES=0 there are none.
"""

import logging
import math
import os
import threading
import time

import redis
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

PING_SECONDS = 1.0
LISTEN_GRACE_SECONDS = 2.5
# After losing Redis, the listener tries again this often.
RETRY_SECONDS = 1.0


EVERYTHING = "*"  # the message forget_pages() sends: every copy goes


class PageCopies:
    """One process's copies, and the thread that hears of changes."""

    def __init__(self, *, redis_url, channel, max_bytes):
        self.redis_url = redis_url
        self.channel = channel
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._epoch = 0
        self._token = None  # the site's generation last read from Redis in this epoch
        self._pages = {}  # page key -> (fresh until, kept page, its tags), oldest first
        self._bytes = 0
        self._heard_at = -math.inf
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="page-copies", daemon=True)
        self._thread.start()

    # What the page cache asks ---------------------------------------------------------

    def epoch(self):
        """Read before asking Redis: what is read then is kept only if no change was heard
        in between."""
        return self._epoch

    def page(self, key, now):
        """The kept page when a copy may answer (fresh, this generation), else None."""
        entry = self._pages.get(key)
        if entry is None or self._token is None or not self.listening():
            return None
        fresh_until, kept, _ = entry
        if now >= fresh_until or kept["token"] != self._token:
            return None
        return kept

    def saw(self, token, epoch):
        """The site's generation Redis holds, read in `epoch`."""
        with self._lock:
            if epoch != self._epoch:
                return
            if self._token != token:
                self._drop_pages()
            self._token = token

    def keep(self, key, kept, epoch):
        """Keep a page read or rendered in `epoch` while it is fresh; the oldest copies go
        when they would pass NEWSROOM_PAGE_COPIES_BYTES."""
        size = _size(kept)
        with self._lock:
            if epoch != self._epoch or kept["token"] != self._token:
                return
            if size > self.max_bytes // 4:
                return
            if key in self._pages:
                self._bytes -= _size(self._pages.pop(key)[1])
            while self._pages and self._bytes + size > self.max_bytes:
                oldest = next(iter(self._pages))
                self._bytes -= _size(self._pages.pop(oldest)[1])
            self._pages[key] = (kept["fresh_until"], kept, frozenset(kept["versions"]))
            self._bytes += size

    def listening(self):
        return time.monotonic() - self._heard_at < LISTEN_GRACE_SECONDS

    # What the listener does ----------------------------------------------------------

    def forget(self, tags=None):
        """A change: a new epoch, and the copies showing `tags` (all of them: None) go."""
        with self._lock:
            self._epoch += 1
            if tags is None:
                self._token = None
                self._drop_pages()
                return
            for key in [key for key, entry in self._pages.items() if entry[2] & tags]:
                self._bytes -= _size(self._pages.pop(key)[1])

    def _drop_pages(self):
        self._pages = {}
        self._bytes = 0

    def _listen(self):
        while not self._stopped.is_set():
            client = redis.Redis.from_url(
                self.redis_url,
                socket_timeout=settings.NEWSROOM_REDIS_TIMEOUT,
                socket_connect_timeout=settings.NEWSROOM_REDIS_TIMEOUT,
            )
            try:
                self._hear(client.pubsub())
            except (redis.RedisError, OSError):
                if self.listening():  # once per outage, not once a second
                    logger.warning("Page copies unused until Redis answers", exc_info=True)
            finally:
                self._heard_at = -math.inf
                self.forget()
                client.close()
            self._stopped.wait(RETRY_SECONDS)

    def _hear(self, pubsub):
        pubsub.subscribe(self.channel)
        next_ping = 0
        while not self._stopped.is_set():
            if time.monotonic() >= next_ping:
                pubsub.ping()
                next_ping = time.monotonic() + PING_SECONDS
            message = pubsub.get_message(timeout=PING_SECONDS / 2)
            if message is None:
                continue
            if message["type"] == "subscribe":
                self.forget()  # subscribed afresh: anything changed before is unknown
            elif message["type"] == "message":
                self.forget(_tags(message["data"]))
            self._heard_at = time.monotonic()
        pubsub.close()

    def stop(self):
        self._stopped.set()
        self._thread.join(timeout=5)


def _tags(data):
    """The tags a message names; None for every page."""
    text = data.decode() if isinstance(data, bytes) else str(data)
    return None if text == EVERYTHING else frozenset(text.split())


def _size(kept):
    """Roughly what a kept page takes: its content, and a little for the rest."""
    return len(kept["content"]) + 1024


def channel(generation_key):
    """The channel forget() and forget_pages() publish on: per site, release and cache
    prefix."""
    return f"{cache.make_key(generation_key)}:forgotten"


_process_copies = {}
_creation = threading.Lock()


def for_process(generation_key):
    """This process's copies, listening from the first call in each process (a forked
    worker starts its own); None without Redis or with NEWSROOM_PAGE_COPIES_BYTES=0."""
    max_bytes = settings.NEWSROOM_PAGE_COPIES_BYTES
    if max_bytes <= 0 or not settings.REDIS_URL or not hasattr(cache, "publish"):
        return None
    key = (os.getpid(), channel(generation_key), settings.REDIS_URL, max_bytes)
    copies = _process_copies.get(key)
    if copies is None:
        with _creation:
            copies = _process_copies.get(key)
            if copies is None:
                for old in _process_copies.values():
                    old._stopped.set()
                _process_copies.clear()
                copies = _process_copies[key] = PageCopies(
                    redis_url=settings.REDIS_URL, channel=key[1], max_bytes=max_bytes
                )
    return copies
