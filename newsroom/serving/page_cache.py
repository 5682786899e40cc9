"""Anonymous reader pages from the shared cache, and the HTTP caching headers they carry.

A view opts in with `reader_page` (see the URL configurations). A GET or HEAD of such a
page without the session cookie is answered from the cache when the page is there and
still shows what the database holds (304 when the browser's ETag matches), and otherwise
rendered, with replica reads when a replica is configured, and kept. The response sets no
cookie, has no `Vary: Cookie`, names what it shows for edge caches (`Surrogate-Key`,
`Cache-Tag`) and says how long browsers and shared caches may keep it. A request with the
session cookie (the newsroom) is never answered from the cache, nor kept, and is told not
to keep the page.

A page is kept under the tags of what it shows (dependencies.py), with their versions
(versions.py), and served only while none of them has changed (invalidation.py says what
forgets what) and the site's generation is the one it was kept in. It is *fresh* for
NEWSROOM_PAGE_CACHE_SECONDS, or until the first scheduled change that touches it, or for
NEWSROOM_PAGE_TOTALS_SECONDS when it shows a campaign's progress. Misses are cheap:

- **one render per page at a time**: the request that finds a page missing or changed
  renders it; others asking meanwhile wait for that render (NEWSROOM_PAGE_WAIT_SECONDS at
  most, then render themselves);
- **stale while revalidating**: a page past its lifetime with nothing changed is served as
  it was to everyone but the one request re-rendering it, for up to
  NEWSROOM_PAGE_CACHE_STALE_SECONDS more. A page changed, or past a scheduled change, is
  never served stale;
- a conditional request for a kept page is answered 304 without rendering.

With the cache down, pages are rendered from the database and no one waits for the cache
(shared_cache.py). `X-Page-Cache` says how each response was made: hit, stale or miss.
"""

import functools
import hashlib
import logging
import math
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)

from newsroom.serving import (
    db_router,
    dependencies,
    kept,
    page_copies,
    purge,
    schedule,
    shared_cache,
    versions,
)
from newsroom.serving.kept import Generation, changed_at_key, generation_key

logger = logging.getLogger(__name__)

STORED_STATUSES = {200, 301}
# Headers that belong to one response, not to the page.
UNSTORED_HEADERS = {"set-cookie", "cache-control", "expires", "etag", "date", "vary"}
POLL_SECONDS = 0.02
# How long the request rendering a page holds the page for itself (then anyone may).
RENDER_LOCK_SECONDS = 30


def reader_page(view):
    """Mark a view as a reader page: cacheable for anonymous readers."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.reader_page = True
    return wrapped


def page_key(request):
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"{generation_key()}:page:{path}"


def is_reader_request(request):
    """A GET or HEAD from someone without a session: a reader, not the newsroom."""
    return (
        request.method in {"GET", "HEAD"} and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _host_allowed(request):
    # A kept page answers before CommonMiddleware checks the Host header: check it here,
    # so a host not in ALLOWED_HOSTS still gets its 400 and never a page.
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


class Lookup:
    """What the cache said about one page: the generation, the change number read before
    any render, the kept page (or None) and whether it is current, fresh or changed."""

    def __init__(self, generation, started_at, kept, state):
        self.generation = generation
        self.started_at = started_at
        self.kept = kept
        self.state = state  # "fresh", "expired" (may be served stale), "missing"


class PageCacheMiddleware:
    """Placed before the session middleware: a kept page costs no session lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _marked_reader_page(get_urlconf(settings.ROOT_URLCONF), request.path_info):
            return self.get_response(request)
        if not _host_allowed(request):
            return self.get_response(request)
        if not is_reader_request(request):
            response = self.get_response(request)
            add_never_cache_headers(response)  # the newsroom always sees the page fresh
            return response
        if settings.NEWSROOM_PAGE_CACHE_SECONDS <= 0:
            return self._render(request, None, keep=False)

        key = page_key(request)
        copies = page_copies.for_process(generation_key())
        kept = copies and copies.page(key, time.time())
        if kept:
            return self._answer(request, kept, "hit")
        epoch = copies and copies.epoch()
        lookup = self._lookup(key)
        if lookup is None:  # the cache is down
            return self._render(request, None, keep=False)
        if copies:
            copies.saw(lookup.generation.token, epoch)
        if lookup.state == "fresh":
            if copies:
                copies.keep(key, lookup.kept, epoch)
            return self._answer(request, lookup.kept, "hit")
        if request.method == "HEAD" and lookup.state == "expired":
            return self._answer(request, lookup.kept, "stale")
        if not self._claim(key):
            if lookup.state == "expired":
                return self._answer(request, lookup.kept, "stale")
            waited = self._wait(key, lookup)
            if waited is not None:
                return self._answer(request, waited, "hit")
            return self._render(request, lookup, keep=False)
        try:
            response = self._render(request, lookup, keep=request.method == "GET", key=key)
            if copies and getattr(response, "kept_page", None):
                copies.keep(key, response.kept_page, epoch)
            return response
        finally:
            versions.safely(cache.delete, _lock_key(key), unavailable=UNAVAILABLE)

    # The cache --------------------------------------------------------------------------

    def _lookup(self, key):
        """One round trip for the generation, the change number and the page; one more for
        the versions of the page's tags. None when the cache is down."""
        prefix = generation_key()
        counter_key = versions._counter_key(prefix)
        try:
            found = cache.get_many([prefix, counter_key, changed_at_key(), key])
            generation = Generation.current(found.get(prefix), found.get(changed_at_key()))
            started_at = found.get(counter_key)
            if started_at is None:
                started_at = versions.counter(prefix)
            kept = found.get(key)
            if kept is None or kept["token"] != generation.token:
                return Lookup(generation, started_at, None, "missing")
            if not versions.unchanged(prefix, kept["versions"]):
                return Lookup(generation, started_at, None, "missing")
        except shared_cache.CACHE_DOWN:
            shared_cache.warn("Cache unavailable; reader pages come from the database")
            return None
        if time.time() < kept["fresh_until"]:
            return Lookup(generation, started_at, kept, "fresh")
        if kept["stale_ok"]:
            return Lookup(generation, started_at, kept, "expired")
        return Lookup(generation, started_at, None, "missing")

    def _claim(self, key):
        """Whether this request is the one to render the page now."""
        claimed = versions.safely(
            cache.add, _lock_key(key), 1, RENDER_LOCK_SECONDS, unavailable=UNAVAILABLE
        )
        return claimed is not False

    def _wait(self, key, lookup):
        """The page another request is rendering, once kept; None if it was not kept (a
        404, a change meanwhile) or took longer than NEWSROOM_PAGE_WAIT_SECONDS."""
        deadline = time.monotonic() + settings.NEWSROOM_PAGE_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            try:
                found = cache.get_many([key, _lock_key(key)])
                kept = found.get(key)
                if (
                    kept is not None
                    and kept["token"] == lookup.generation.token
                    and time.time() < kept["fresh_until"]
                    and versions.unchanged(generation_key(), kept["versions"])
                ):
                    return kept
            except shared_cache.CACHE_DOWN:
                return None
            if _lock_key(key) not in found:
                return None
        return None

    # Rendering --------------------------------------------------------------------------

    def _render(self, request, lookup, *, keep, key=None):
        with dependencies.recording() as shown, db_router.replica_reads():
            response = self.get_response(request)
        if response.status_code not in STORED_STATUSES or response.streaming or response.cookies:
            if key is not None and response.status_code in {404, 410}:
                # Gone: the old copy must not be served to anyone while others wait.
                versions.safely(cache.delete, key, unavailable=UNAVAILABLE)
            return response
        _drop_vary_cookie(response)
        tags = shown.final()
        response["ETag"] = _etag(response.content)
        _name_tags(response, tags)
        now = timezone.now()
        until = schedule.first_change_for(tags, schedule.scheduled_changes())
        kept = _kept_page(response, tags, lookup, now, until)
        if keep and lookup is not None and self._keep(key, kept, lookup):
            response.kept_page = kept
        response["X-Page-Cache"] = "miss"
        self._add_cache_headers(response, kept, lookup)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def _keep(self, key, kept, lookup):
        """Keep the page under its tags' versions; whether it was kept."""
        seconds = math.floor(kept["fresh_until"] - time.time())
        if kept["stale_ok"]:
            seconds += settings.NEWSROOM_PAGE_CACHE_STALE_SECONDS
        if seconds < 1:
            return False
        prefix = generation_key()
        try:
            settled = versions.settle(prefix, kept["tags"], lookup.started_at)
            if settled is None:
                return False  # something it shows changed while it rendered
            kept["versions"] = settled
            cache.set(key, kept, seconds)
        except shared_cache.CACHE_DOWN:
            shared_cache.warn("Cache unavailable; not keeping a reader page")
            return False
        return True

    def _answer(self, request, kept, how):
        response = HttpResponse(kept["content"], status=kept["status"])
        for name, value in kept["headers"]:
            response[name] = value
        response["X-Page-Cache"] = how
        self._add_cache_headers(response, kept, None, stale=how == "stale")
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def _add_cache_headers(self, response, kept, lookup, *, stale=False):
        """Public, for a short time in browsers and longer in shared caches; never past the
        first scheduled change the page shows (nor, served stale, at all)."""
        max_age = settings.NEWSROOM_PAGE_MAX_AGE
        shared = settings.NEWSROOM_PAGE_SHARED_MAX_AGE
        swr = settings.NEWSROOM_PAGE_STALE_SECONDS
        if stale:
            max_age = shared = 0
        until = kept["until"]
        if until is not None:
            left = max(0, math.floor(until - time.time()))
            max_age, shared = min(max_age, left), min(shared, left)
            swr = min(swr, left - shared)
        directives = {"public": True, "max_age": max_age, "s_maxage": shared}
        if swr > 0:
            directives["stale_while_revalidate"] = swr
        patch_cache_control(response, **directives)


UNAVAILABLE = "Cache unavailable; reader pages come from the database"


def _lock_key(key):
    return f"{key}:rendering"


def _kept_page(response, tags, lookup, now, until):
    """What is kept of a rendered page, with when it stops being fresh."""
    generation = lookup.generation if lookup else Generation(None)
    seconds = generation.page_seconds(now, until)
    capped = until is not None and seconds < settings.NEWSROOM_PAGE_CACHE_SECONDS
    if any(tag.startswith(dependencies.TOTALS) for tag in tags):
        seconds = min(seconds, settings.NEWSROOM_PAGE_TOTALS_SECONDS)
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    ]
    headers.append(("ETag", response["ETag"]))
    return {
        "token": generation.token,
        "tags": tags,
        "versions": {},
        "status": response.status_code,
        "headers": headers,
        "content": response.content,
        "fresh_until": time.time() + seconds,
        # Past a scheduled change or the replica's window, a page is never served stale.
        "stale_ok": not capped and not kept.db_replica_lagging(generation.changed_at, now),
        "until": _timestamp(until),
    }


def _timestamp(moment):
    return moment.timestamp() if isinstance(moment, datetime) else None


def _name_tags(response, tags):
    """Surrogate-Key (Fastly, Varnish xkey) and Cache-Tag (Cloudflare): what edge caches
    purge by (purge.py)."""
    if settings.NEWSROOM_SURROGATE_KEYS:
        names = [purge.SITE_KEY, *tags]
        response["Surrogate-Key"] = " ".join(names)
        response["Cache-Tag"] = ",".join(names)


@functools.lru_cache(maxsize=4096)
def _marked_reader_page(urlconf, path):
    """Whether the view at `path` is marked reader_page: remembered per address, as
    resolving it again cost a tenth of a page answered from the cache."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "reader_page", False)


def _etag(content):
    return f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'


def _drop_vary_cookie(response):
    """The page a reader without a session gets is the same for every such reader."""
    if not response.has_header("Vary"):
        return
    kept = [
        value.strip()
        for value in response["Vary"].split(",")
        if value.strip() and value.strip().lower() != "cookie"
    ]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
