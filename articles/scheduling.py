"""What is due to go live, what should be live and is not, and how long a cache may keep.

Scheduled stories go live by the query alone (`Article.objects.published()`), with no job;
what this module adds is the desk's view of it and the rule every cache follows: nothing
that lists stories is kept past the next scheduled publication.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Min, Prefetch
from django.utils import timezone

from articles.models import Article, Byline, StatusChange

RECENT = timedelta(hours=24)
BOARD_LIMIT = 100


def next_publication_at(now=None):
    """When the next scheduled story goes live, or None when nothing is scheduled."""
    now = now or timezone.now()
    return Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).aggregate(
        next=Min("published_at")
    )["next"]


def cache_seconds(longest, now=None):
    """How long a cache of reader pages may keep them: `longest` seconds at most, and never
    past the next scheduled publication (then at least 1 second, so it expires on time)."""
    now = now or timezone.now()
    upcoming = next_publication_at(now)
    if upcoming is None:
        return longest
    return max(1, min(longest, int((upcoming - now).total_seconds()) + 1))


@dataclass
class Board:
    """The publishing schedule as the desk reads it."""

    now: object
    overdue: list  # a publication time has passed, but the story is still a draft or in review
    scheduled: list  # published with a time still to come, soonest first
    in_review: list  # waiting for an editor, longest waiting first
    recent: list  # went live in the last 24 hours, newest first

    @property
    def attention_count(self):
        return len(self.overdue)


def _desk(queryset):
    """Stories with what the schedule shows of them: section, bylines, their workflow log."""
    return queryset.select_related("section").prefetch_related(
        Prefetch("bylines", Byline.objects.select_related("person")),
        Prefetch("status_changes", StatusChange.objects.select_related("changed_by")),
    )


def board(now=None):
    """The schedule at `now`, in three queries whatever the number of stories."""
    now = now or timezone.now()
    working = (Article.Status.DRAFT, Article.Status.IN_REVIEW)
    stories = _desk(
        Article.objects.filter(status__in=working, published_at__lte=now)
        | Article.objects.filter(status=Article.Status.IN_REVIEW)
        | Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now - RECENT)
    ).order_by("published_at", "created_at")
    overdue, scheduled, in_review, recent = [], [], [], []
    for story in stories:
        last = story.status_changes.all()[:1]
        story.last_step = last[0] if last else None
        if story.status in working and story.published_at and story.published_at <= now:
            overdue.append(story)
        elif story.status == Article.Status.PUBLISHED:
            (scheduled if story.published_at > now else recent).append(story)
        if story.status == Article.Status.IN_REVIEW:
            in_review.append(story)
    waited = sorted(
        in_review, key=lambda s: s.last_step.changed_at if s.last_step else s.created_at
    )
    return Board(
        now=now,
        overdue=overdue[:BOARD_LIMIT],
        scheduled=scheduled[:BOARD_LIMIT],
        in_review=waited[:BOARD_LIMIT],
        recent=list(reversed(recent))[:BOARD_LIMIT],
    )
