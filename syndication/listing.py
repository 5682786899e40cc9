"""The list's query: the filters a partner may give, and the cursor through the results.

Stories come in the order they last changed, oldest first, then by id: a new or corrected
story goes to the end, so a partner following `next` sees each change once, and a story
added meanwhile never shifts a page. "Changed" is `modified_at` (moved by an edit to a live
story and by a correction), or the publication time for a story never changed since:
most stories have no `modified_at`, and without it they would never be listed.

A key that takes embargoed copy sees a scheduled story before its time: for it, the story
changed when it was last saved (scheduled or edited, `updated_at`), and changes again when
it goes live. Its publication time, in the future, would put it past every story published
meanwhile, and a partner's cursor past it would never see those.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ParseError, PermissionDenied

from articles.models import Article, Byline

ENTITIES = ["person", "organisation", "place"]


@dataclass(frozen=True)
class Position:
    """Where a page ends: the last story's change time and id."""

    changed_at: datetime
    pk: int

    def encode(self):
        text = json.dumps([self.changed_at.isoformat(), self.pk])
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor):
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            moment, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
            changed_at = datetime.fromisoformat(moment)
            if changed_at.tzinfo is None or not isinstance(pk, int):
                raise ValueError
        except (ValueError, TypeError, binascii.Error, UnicodeError):
            raise ParseError(
                "The cursor is not one we gave: start again without it, then follow `next`."
            ) from None
        return cls(changed_at, pk)


def change_ordered(articles, *, embargoed=False, at=None):
    """`articles` with `changed_at`, the time the list is ordered by (above), as the
    querysets to read in that order: one, or for a key taking embargoed copy the live
    stories and the scheduled ones apart, so the live ones are still read from the index on
    COALESCE(modified_at, published_at) (migration 0002) and the few scheduled ones sorted."""
    live = articles.annotate(changed_at=Coalesce("modified_at", "published_at"))
    if not embargoed:
        return [live]
    scheduled = articles.filter(published_at__gt=at).annotate(changed_at=F("updated_at"))
    return [live.filter(published_at__lte=at), scheduled]


def page_size(value):
    """The page size asked for, within 1..NEWSROOM_API_MAX_PAGE_SIZE (larger is capped)."""
    if value in (None, ""):
        return settings.NEWSROOM_API_PAGE_SIZE
    if not value.isdigit() or int(value) < 1:
        raise ParseError("limit must be a whole number of stories, 1 or more.")
    return min(int(value), settings.NEWSROOM_API_MAX_PAGE_SIZE)


def since(value):
    if value in (None, ""):
        return None
    try:
        moment = parse_datetime(value.replace(" ", "+"))  # a "+" left unencoded in a URL
    except ValueError:  # well formed, but no such day or hour
        moment = None
    if moment is None:
        raise ParseError("since must be an ISO 8601 date and time, e.g. 2026-12-01T09:00:00Z.")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def entity(name, value):
    """Stories linked to the record named by slug or id, by the reader site's rules: a
    person's are about them or by them (ArticleQuerySet.by_or_about()), a place's are about
    it or datelined there (about_place()), an organisation's are about it."""
    lookup = f"{name}__{'pk' if value.isdigit() else 'slug'}"
    if name == "person":
        about = Article.people.through.objects.filter(**{lookup: value})
        written = Byline.objects.filter(**{lookup: value})
        return Q(pk__in=about.values("article_id")) | Q(pk__in=written.values("article_id"))
    if name == "organisation":
        about = Article.organisations.through.objects.filter(**{lookup: value})
        return Q(pk__in=about.values("article_id"))
    about = Article.places.through.objects.filter(**{lookup: value})
    return Q(pk__in=about.values("article_id")) | Q(**{lookup.replace("place", "dateline"): value})


def filtered(articles, params, key):
    """`articles` narrowed by the request's filters; a section outside the key's scope is
    refused (403) rather than answered with nothing, which would look like a quiet day."""
    section = params.get("section")
    if section:
        allowed = {s.slug: s for s in key.sections.all()}
        chosen = allowed.get(section) or next(
            (s for s in allowed.values() if section.isdigit() and s.pk == int(section)), None
        )
        if chosen is None:
            raise PermissionDenied(
                f"This key may not take the section “{section}”. "
                f"Its sections: {', '.join(sorted(allowed)) or 'none'}."
            )
        articles = articles.filter(section=chosen)
    if tag := params.get("tag"):
        articles = articles.filter(tags__slug=tag)
    for name in ENTITIES:
        if value := params.get(name):
            articles = articles.filter(entity(name, value))
    return articles


def page(articles, *, embargoed, at, after, since, size):
    """One page of `articles` (change_ordered()) from `after` (a Position or None), changed
    at or after `since`: its stories, the Position after its last (or `after` again for an
    empty page: where to ask later), and whether more are waiting."""
    rows = []
    for part in change_ordered(articles, embargoed=embargoed, at=at):
        if since is not None:
            part = part.filter(changed_at__gte=since)
        if after is not None:
            # The first condition alone would do; the second lets the database start
            # reading its index at the position instead of filtering everything before it.
            part = part.filter(
                Q(changed_at__gt=after.changed_at)
                | Q(changed_at=after.changed_at, pk__gt=after.pk),
                changed_at__gte=after.changed_at,
            )
        rows += part.order_by("changed_at", "pk")[: size + 1]
    rows.sort(key=lambda article: (article.changed_at, article.pk))
    more = len(rows) > size
    rows = rows[:size]
    following = Position(rows[-1].changed_at, rows[-1].pk) if rows else after
    return rows, following, more
