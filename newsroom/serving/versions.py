"""Tag versions in the shared cache: how a kept page knows whether what it shows changed.

Every change takes the next number of one counter (`next_change()`) and writes it as the
version of each tag it forgets. A page is kept with the counter read *before* it rendered
and the versions of its tags read *after*: a tag changed in between (a version above the
counter) means the page may show the old row, so it is not kept; a tag changed later (a
version different from the one kept) means the page is stale. A tag never changed has
version 0, written when a page is first kept under it, so a version the cache evicted reads
as missing and the page as stale, never as current.

One `get_many` reads a page's versions: the cost of a page answered from the shared cache
is two round trips, and none from a process's own copies (page_copies.py).
"""

import time

from django.core.cache import cache

from newsroom.serving import shared_cache

# Versions outlive any kept page (a page is kept for hours, never for a week).
VERSION_SECONDS = 7 * 24 * 60 * 60


def _counter_key(prefix):
    return f"{prefix}:changes"


def tag_key(prefix, tag):
    return f"{prefix}:tag:{tag}"


def counter(prefix):
    """The current change number (read before a render). Made, if the cache lost it, from
    the clock in milliseconds, so it never goes back below versions already written."""
    key = _counter_key(prefix)
    value = cache.get(key)
    if value is None:
        cache.add(key, int(time.time() * 1000), VERSION_SECONDS)
        value = cache.get(key)
    return value


def next_change(prefix):
    key = _counter_key(prefix)
    try:
        return cache.incr(key)
    except ValueError:  # never made, or evicted
        cache.add(key, int(time.time() * 1000), VERSION_SECONDS)
        return cache.incr(key)


def bump(prefix, tags):
    """Forget `tags`: each gets a new version. Raises what the cache raises when down."""
    number = next_change(prefix)
    cache.set_many({tag_key(prefix, tag): number for tag in tags}, VERSION_SECONDS)
    return number


def read(prefix, tags):
    """{tag: version} (None: missing) in one round trip."""
    keys = {tag_key(prefix, tag): tag for tag in tags}
    found = cache.get_many(list(keys))
    return {tag: found.get(key) for key, tag in keys.items()}


def settle(prefix, tags, started_at):
    """The versions to keep a page rendered since change number `started_at` under, or
    None if one of its tags changed meanwhile. Versions never written are written as 0."""
    versions = read(prefix, tags)
    if any(version is not None and version > started_at for version in versions.values()):
        return None
    for tag, version in versions.items():
        if version is None:
            cache.add(tag_key(prefix, tag), 0, VERSION_SECONDS)
            versions[tag] = 0
    return versions


def unchanged(prefix, kept_versions):
    """Whether every tag still has the version a page was kept with."""
    if not kept_versions:
        return True
    return read(prefix, kept_versions) == kept_versions


def safely(call, *args, unavailable, default=None):
    try:
        return call(*args)
    except shared_cache.CACHE_DOWN:
        shared_cache.warn(unavailable)
        return default
