"""What invalidates what: the one place that says when reader pages, and every value derived
from content and kept with them, stop being true.

- **Pages and kept values belong to a generation**: a random token kept in the shared cache
  with the next moment content changes by itself (`next_change_at()`: a scheduled story or
  note going live, a campaign starting or ending). The generation expires at that moment
  and never lives longer than a day.
- **Any change to a row readers see forgets the generation** (`forget_pages()`), through the
  signals below: every model of `CONTENT_APPS` counts unless `NEVER_SHOWN` lists it, so a
  model added later invalidates until someone decides otherwise (stale pages would be the
  worse mistake). `update()`, `bulk_create()` and raw SQL send no signals: code that writes
  content that way calls `forget_pages()` itself, once, at the end.
- **Values derived from content** (the section menu, the campaigns' targeting) are kept
  with `kept_until_change()` under a name listed in `KEPT`: they go with the generation, the
  same way pages do. Pledges and the totals they keep are not content here: the appeal's
  progress bar refreshes on its own (donations/appeals.py) and the page with it.

A page or value is stored with the token of the generation read *before* it was computed
and used only while that token is current, so one computed from data a change has just
replaced is never served. With the cache down, everything is computed from the database
(shared_cache.py).
"""

import hashlib
import math
import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from newsroom.serving import db_router, page_copies, shared_cache

# A generation with nothing scheduled is still renewed daily.
GENERATION_MAX_SECONDS = 24 * 60 * 60

CONTENT_APPS = {"articles", "donations", "taggit"}
# Rows readers never see: the desk's history, and pledges with the totals they keep (a
# campaign's progress on the page is refreshed with the page, within
# NEWSROOM_PAGE_CACHE_SECONDS).
NEVER_SHOWN = {
    "articles.StatusChange",
    "articles.Revision",
    "articles.BoilerplatePattern",
    "donations.Pledge",
    "donations.PledgeStatusChange",
    "donations.CampaignTotals",
    "donations.CampaignDonor",
    "donations.AppealStat",
    "donations.PledgeExport",
    "donations.Payment",
    "donations.PaymentStatusChange",
    "donations.PaymentAttempt",
    "donations.StripeEvent",
}
# Models whose rows change reader pages at a set time with no one saving: each one's
# QuerySet has `change_moments(now)`: a list of moments() querysets of the times to come.
SCHEDULED = ["articles.Article", "articles.Correction", "donations.Campaign"]
# Values derived from content and kept until it changes (kept_until_change()).
SECTION_MENU = "section-menu"
CAMPAIGN_TARGETING = "campaign-targeting"
KEPT = (SECTION_MENU, CAMPAIGN_TARGETING)


def shown_to_readers(model):
    return model._meta.app_label in CONTENT_APPS and model._meta.label not in NEVER_SHOWN


@receiver(post_save, dispatch_uid="page-cache-save")
@receiver(post_delete, dispatch_uid="page-cache-delete")
def content_changed(sender, **kwargs):
    if shown_to_readers(sender):
        forget_pages()


@receiver(m2m_changed, dispatch_uid="page-cache-relations")
def relations_changed(sender, action, **kwargs):
    # `sender` is the relation's own table (an article's people, a campaign's places).
    if action in {"post_add", "post_remove", "post_clear"} and shown_to_readers(sender):
        forget_pages()


def moments(queryset, field):
    """The times in `field` as the one column next_change_at() unions, named "moment"."""
    return queryset.annotate(moment=F(field)).values_list("moment", flat=True)


def next_change_at(now):
    """The next moment reader pages change with no one saving anything (None when nothing
    is due). One query: the moments of every SCHEDULED model in one UNION."""
    first, *others = [
        rows.order_by()
        for label in SCHEDULED
        for rows in apps.get_model(label).objects.change_moments(now)
    ]
    return first.union(*others).order_by("moment").first()


def generation_key():
    """Pages made by another release or for another site address are not this site's."""
    site = f"{settings.NEWSROOM_RELEASE}|{settings.SITE_URL}|{settings.SITE_NAME}"
    return f"pages:{hashlib.md5(site.encode(), usedforsecurity=False).hexdigest()[:12]}"


def kept_key(name):
    return f"{generation_key()}:{name}"


class Generation:
    """The token pages are stored under, when it was made, and when it must end."""

    def __init__(self, token, made_at, until):
        self.token = token
        self.made_at = made_at
        self.until = until

    @classmethod
    def current(cls, now, state=None):
        """The shared generation (`state` if already read from the cache), made and its end
        looked up when there is none. Raises whatever the cache raises when it is down."""
        if state is None:
            state = cache.get(generation_key())
        if state is None:
            until = next_change_at(now)
            state = (secrets.token_hex(8), now, until)
            seconds = GENERATION_MAX_SECONDS
            if until is not None:
                # Rounded down: a generation may end early, never late.
                seconds = min(seconds, int((until - now).total_seconds()))
            if seconds >= 1 and not cache.add(generation_key(), state, seconds):
                state = cache.get(generation_key()) or state  # another process made one first
        return cls(*state)

    @classmethod
    def uncached(cls, now):
        """For when the cache is down: nothing is stored, but the headers still need the
        moment the pages change."""
        return cls(None, now, next_change_at(now))

    def seconds_left(self, now):
        """Seconds until this generation must end (None: no end in sight)."""
        if self.until is None:
            return None
        return max(0, math.floor((self.until - now).total_seconds()))

    def page_seconds(self, now):
        """How long a page rendered now may be stored on the server."""
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        left = self.seconds_left(now)
        if left is not None:
            seconds = min(seconds, left)
        if db_router.replica_configured():
            # Just after a change the replica may not have it yet: pages rendered in that
            # window are kept only until it is over.
            lag_over = self.made_at + timedelta(seconds=settings.NEWSROOM_REPLICA_LAG_SECONDS)
            if now < lag_over:
                seconds = min(seconds, math.ceil((lag_over - now).total_seconds()))
        return seconds


def kept_until_change(name, load):
    """`load()`, kept in the shared cache until content changes: it belongs to the
    generation current when it was loaded (none yet counts as one) and goes with it.

    One round trip reads the generation and the value together; a miss costs `load()`
    alone, so keeping a value adds no query."""
    if name not in KEPT:
        raise ValueError(f"{name!r} is not in invalidation.KEPT, so nothing would forget it.")
    found = shared_cache.read_many(
        [generation_key(), kept_key(name)],
        unavailable="Cache unavailable; derived values come from the database",
    )
    state = found.get(generation_key())
    token = state[0] if state else None
    stored = found.get(kept_key(name))
    if stored is not None and stored[0] == token:
        return stored[1]
    value = load()
    seconds = GENERATION_MAX_SECONDS
    if state is not None:
        left = Generation(*state).seconds_left(timezone.now())
        seconds = min(seconds, left) if left is not None else seconds
    if seconds >= 1:
        shared_cache.keep(
            kept_key(name),
            (token, value),
            seconds,
            unavailable="Cache unavailable; not keeping derived values",
        )
    return value


def forget_pages():
    """Every cached reader page, and every kept value, is stale: called through the signals
    above on any content change, and by bulk writers after they write.

    Forgotten at once and again when the transaction commits: a reader who rendered the
    old content in between stored it under the generation forgotten the second time."""
    _forget_generation()
    transaction.on_commit(_forget_generation)


def _forget_generation():
    unavailable = "Cache unavailable; cached pages will expire on their own"
    shared_cache.forget_many([generation_key(), *map(kept_key, KEPT)], unavailable=unavailable)
    if hasattr(cache, "publish"):
        # Every process drops its own copies of the pages (page_copies.py).
        try:
            cache.publish(page_copies.channel(generation_key()), "forgotten")
        except shared_cache.CACHE_DOWN:
            shared_cache.warn(unavailable)
