"""Values kept with reader pages, and the site's generation they all belong to.

- **The generation**: a random token in the shared cache; every page and kept value is kept
  under it and served only while it is current. `invalidation.forget_pages()` deletes it,
  so a new one is made and everything kept before is stale at once (bulk writers, a model
  without a rule). Another release or site address has a generation of its own.
- **Values derived from content** (the section menu, the campaigns' targeting, the
  schedule) are kept with `kept_until_change()` under the tags of the rows they read, as
  pages are (dependencies.py, versions.py), and replay those tags into the page that reads
  them, so a page showing the menu goes when the menu does.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from newsroom.serving import db_router, dependencies, shared_cache, versions

# Values derived from content and kept until it changes (kept_until_change()).
SECTION_MENU = "section-menu"
CAMPAIGN_TARGETING = "campaign-targeting"
SCHEDULE = "schedule"
KEPT = (SECTION_MENU, CAMPAIGN_TARGETING, SCHEDULE)


def generation_key():
    """Pages made by another release or for another site address are not this site's."""
    site = f"{settings.NEWSROOM_RELEASE}|{settings.SITE_URL}|{settings.SITE_NAME}"
    return f"pages:{hashlib.md5(site.encode(), usedforsecurity=False).hexdigest()[:12]}"


def kept_key(name):
    return f"{generation_key()}:kept:{name}"


def changed_at_key():
    return f"{generation_key()}:changed-at"


class Generation:
    """The site-wide token pages are kept under (forget_pages() makes a new one), and when
    content last changed (for the replica's lag)."""

    def __init__(self, token, changed_at=None):
        self.token = token
        self.changed_at = changed_at

    @classmethod
    def current(cls, state=None, changed_at=None):
        """The shared generation (`state` if already read), made when there is none.
        Raises whatever the cache raises when it is down."""
        if state is None:
            state = secrets.token_hex(8)
            if not cache.add(generation_key(), state, versions.VERSION_SECONDS):
                state = cache.get(generation_key()) or state
        return cls(state, changed_at)

    def page_seconds(self, now, until=None):
        """How long a page rendered now may be kept: NEWSROOM_PAGE_CACHE_SECONDS, no later
        than `until` (its first scheduled change) nor the replica's lag."""
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if until is not None:
            seconds = min(seconds, int((until - now).total_seconds()))
        if db_replica_lagging(self.changed_at, now):
            lag_over = self.changed_at + timedelta(seconds=settings.NEWSROOM_REPLICA_LAG_SECONDS)
            seconds = min(seconds, max(1, int((lag_over - now).total_seconds()) + 1))
        return seconds


def db_replica_lagging(changed_at, now):
    if changed_at is None or not db_router.replica_configured():
        return False
    return now < changed_at + timedelta(seconds=settings.NEWSROOM_REPLICA_LAG_SECONDS)


def kept_until_change(name, load, *, tags=(), until=None):
    """`load()`, kept in the shared cache until what it read changes (its tags, recorded
    while it loads, as a page's are), or until `until(value)` if given. The page reading
    it depends on the same tags, and on `tags`. From the database when the cache is down."""
    if name not in KEPT:
        raise ValueError(f"{name!r} is not in invalidation.KEPT, so nothing would forget it.")
    prefix = generation_key()
    try:
        found = cache.get_many([prefix, versions._counter_key(prefix), kept_key(name)])
        generation = Generation.current(found.get(prefix))
        stored = found.get(kept_key(name))
        current = stored is not None and stored[0] == generation.token
        if current and versions.unchanged(prefix, stored[1]):
            dependencies.depends_on(*stored[1])
            return stored[2]
        started_at = found.get(versions._counter_key(prefix)) or versions.counter(prefix)
    except shared_cache.CACHE_DOWN:
        shared_cache.warn("Cache unavailable; derived values come from the database")
        return load()
    with dependencies.recording() as read:
        read.merge(tags)
        value = load()
    tags = read.final()
    seconds = versions.VERSION_SECONDS
    if until is not None and (moment := until(value)) is not None:
        seconds = int((moment - timezone.now()).total_seconds())
    try:
        kept = versions.settle(prefix, tags, started_at)
        if kept is not None and seconds >= 1:
            cache.set(kept_key(name), (generation.token, kept, value), seconds)
    except shared_cache.CACHE_DOWN:
        shared_cache.warn("Cache unavailable; not keeping derived values")
    return value
