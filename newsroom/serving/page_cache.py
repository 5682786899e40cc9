"""Anonymous reader pages from the shared cache, and the HTTP caching headers they carry.

A view opts in with `reader_page` (see the URL configurations). A GET or HEAD of such a
page without the session cookie is answered from the cache when the page is there (304 when
the browser's ETag matches) and otherwise rendered, with replica reads when a replica is
configured, and stored. The response sets no cookie, has no `Vary: Cookie` and says how
long browsers and shared caches (nginx, a CDN) may keep it. A request with the session
cookie (the newsroom) is never answered from the cache, nor stored, and is told not to keep
the page.

Pages belong to a *generation* (invalidation.py says what ends one): a page is kept with the
token of the generation read *before* it was rendered and served only while that token is
current, and no page or header outlives the generation. Generation and page are read in one
round trip. With the cache down, pages are rendered from the database and no one waits for
the cache (shared_cache.py).
"""

import functools
import hashlib
import logging

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

from newsroom.serving import db_router, page_copies, shared_cache
from newsroom.serving.invalidation import Generation, generation_key

logger = logging.getLogger(__name__)

STORED_STATUSES = {200, 301}
# Headers that belong to one response, not to the page.
UNSTORED_HEADERS = {"set-cookie", "cache-control", "expires", "etag", "date", "vary"}


def reader_page(view):
    """Mark a view as a reader page: cacheable for anonymous readers."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapped.reader_page = True
    return wrapped


def page_key(request):
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    return f"{generation_key()}:{path}"


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


class PageCacheMiddleware:
    """Placed before the session middleware: a cached page costs no session lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._is_reader_page(request) or not _host_allowed(request):
            return self.get_response(request)
        if not is_reader_request(request):
            response = self.get_response(request)
            add_never_cache_headers(response)  # the newsroom always sees the page fresh
            return response

        now = timezone.now()
        key = page_key(request)
        copies = page_copies.for_process(generation_key())
        found = copies and copies.page(key, now)
        if found:
            generation, stored = found
            response = _response(stored)
        else:
            # What is read from here on becomes a copy only if no change is heard first.
            epoch = copies and copies.epoch()
            generation, stored = self._from_cache(request, now)
            if copies and generation.token:
                copies.saw(generation, epoch)
            if stored is not None:
                response = _response(stored)
                if copies:
                    copies.keep(key, stored, generation, epoch, now)
            else:
                with db_router.replica_reads():
                    response = self.get_response(request)
                if (
                    response.status_code not in STORED_STATUSES
                    or response.streaming
                    or response.cookies
                ):
                    return response
                _drop_vary_cookie(response)
                response["ETag"] = _etag(response.content)
                if generation.token and request.method == "GET":
                    stored = self._store(request, response, generation, now)
                    if stored is not None and copies:
                        copies.keep(key, stored, generation, epoch, now)
        self._add_cache_headers(response, generation, now)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def _is_reader_page(self, request):
        return _marked_reader_page(get_urlconf(settings.ROOT_URLCONF), request.path_info)

    def _from_cache(self, request, now):
        """(generation, the stored page or None). One round trip to the cache: the
        generation and the page together; a page rendered under another generation is
        stale."""
        try:
            key = generation_key()
            found = cache.get_many([key, page_key(request)])
            generation = Generation.current(now, found.pop(key, None))
        except shared_cache.CACHE_DOWN:
            shared_cache.warn("Cache unavailable; reader pages come from the database")
            return Generation.uncached(now), None
        stored = found.popitem()[1] if found else None
        if stored is None or settings.NEWSROOM_PAGE_CACHE_SECONDS <= 0:
            return generation, None
        if stored[0] != generation.token:
            return generation, None
        return generation, stored

    def _store(self, request, response, generation, now):
        """Keep the page under `generation`; returns what was kept, or None."""
        seconds = generation.page_seconds(now)
        if seconds < 1:
            return None
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ]
        headers.append(("ETag", response["ETag"]))
        stored = (generation.token, response.status_code, headers, response.content)
        try:
            cache.set(page_key(request), stored, seconds)
        except shared_cache.CACHE_DOWN:
            shared_cache.warn("Cache unavailable; not keeping a reader page")
            return None
        return stored

    def _add_cache_headers(self, response, generation, now):
        """Public, for a short time in browsers and longer in shared caches; never past
        the moment the pages change by themselves."""
        max_age = settings.NEWSROOM_PAGE_MAX_AGE
        shared = settings.NEWSROOM_PAGE_SHARED_MAX_AGE
        stale = settings.NEWSROOM_PAGE_STALE_SECONDS
        left = generation.seconds_left(now)
        if left is not None:
            max_age, shared = min(max_age, left), min(shared, left)
            stale = min(stale, left - shared)
        directives = {"public": True, "max_age": max_age, "s_maxage": shared}
        if stale > 0:
            directives["stale_while_revalidate"] = stale
        patch_cache_control(response, **directives)


@functools.lru_cache(maxsize=4096)
def _marked_reader_page(urlconf, path):
    """Whether the view at `path` is marked reader_page: remembered per address, as
    resolving it again cost a tenth of a page answered from the cache."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "reader_page", False)


def _response(stored):
    """The response for a kept page: (generation token, status, headers, content)."""
    _, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


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
