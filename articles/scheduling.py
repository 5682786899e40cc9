"""The desk's publishing schedule: what is due, what waits, what should be live and is not.

Scheduled stories go live by the query alone (`Article.objects.published()`), with no job;
the board selects with those same queryset methods, `published(at)` and `scheduled(at)`,
all at one moment.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Prefetch
from django.utils import timezone

from articles.models import Article, Byline, Revision, StatusChange
from articles.workflow import WORKING_STATUSES

RECENT = timedelta(hours=24)
BOARD_LIMIT = 100


@dataclass
class Board:
    """The publishing schedule as the desk reads it."""

    now: object
    overdue: list  # a publication time has passed, but the story is still a draft or in review
    scheduled: list  # published with a time still to come, soonest first
    in_review: list  # waiting for an editor, longest waiting first
    recent: list  # went live in the last 24 hours, newest first
    changes_waiting: list  # changes proposed to published stories (Revision), oldest first


def _desk(queryset):
    """Stories with what the schedule shows of them: section, bylines, their workflow log."""
    return queryset.select_related("section").prefetch_related(
        Prefetch("bylines", Byline.objects.select_related("person")),
        Prefetch("status_changes", StatusChange.objects.select_related("changed_by")),
    )


def board(now=None):
    """The schedule at `now`, in four queries whatever the number of stories."""
    now = now or timezone.now()
    late = Article.objects.filter(status__in=WORKING_STATUSES, published_at__lte=now)
    waiting = Article.objects.filter(status=Article.Status.IN_REVIEW)
    scheduled = Article.objects.scheduled(now)
    recent = Article.objects.published(now).filter(published_at__gt=now - RECENT)
    lists = {"overdue": [], "scheduled": [], "in_review": [], "recent": []}
    chosen = _desk(late | waiting | scheduled | recent).order_by("published_at", "created_at")
    for story in chosen:
        last = story.status_changes.all()[:1]
        story.last_step = last[0] if last else None
        if story.status in WORKING_STATUSES and story.published_at and story.published_at <= now:
            lists["overdue"].append(story)
        elif story.status == Article.Status.PUBLISHED:
            lists["scheduled" if story.published_at > now else "recent"].append(story)
        if story.status == Article.Status.IN_REVIEW:
            lists["in_review"].append(story)
    overdue, scheduled, in_review, recent = lists.values()
    waited = sorted(
        in_review, key=lambda s: s.last_step.changed_at if s.last_step else s.created_at
    )
    changes_waiting = (
        Revision.objects.waiting()
        .select_related("article", "article__section", "created_by")
        .defer("data", "article__body")
        .order_by("created_at")[:BOARD_LIMIT]
    )
    return Board(
        now=now,
        changes_waiting=list(changes_waiting),
        overdue=overdue[:BOARD_LIMIT],
        scheduled=scheduled[:BOARD_LIMIT],
        in_review=waited[:BOARD_LIMIT],
        recent=list(reversed(recent))[:BOARD_LIMIT],
    )
