"""Who may do what to a story, and the record of what they did.

The admin calls these; nothing else decides. Journalists write: they create stories, edit
their own while they are drafts or in review, and move them between those two (once
their story is published they propose changes instead: `proposals.py`). Editors
(permission `articles.publish_article`) edit anything and may give a story any status:
publish now, schedule (published with a future time), unpublish, or send it back.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from articles.models import Article, Byline, StatusChange

Status = Article.Status
WORKING_STATUSES = (Status.DRAFT, Status.IN_REVIEW)


def can_publish(user):
    """Editors (and superusers) publish, schedule and unpublish."""
    return user.has_perm("articles.publish_article")


def is_own(user, article):
    """The user started the story or is credited on it (remembered on the story object)."""
    if article.pk is None:
        return True
    known = article.__dict__.setdefault("_owners_checked", {})
    if user.pk not in known:
        known[user.pk] = (
            article.created_by_id == user.pk
            or Byline.objects.filter(article=article, person__user=user).exists()
        )
    return known[user.pk]


def can_edit(user, article):
    """Journalists edit their own stories still being worked on; editors edit any story."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return article.status in WORKING_STATUSES and is_own(user, article)


def allowed_statuses(user, article=None):
    """The statuses this user may give `article` (a new story when None), its own included."""
    if can_publish(user):
        return list(Status)
    if article is None or article.pk is None or article.status in WORKING_STATUSES:
        return list(WORKING_STATUSES)
    return [article.status]


def check_embargo(*, status, published_at, embargo_until):
    """Refuse to publish (or schedule) a story before its embargo ends: it may be scheduled
    for the embargo's time or later. (The database holds the same rule as a constraint.)"""
    if status != Status.PUBLISHED or embargo_until is None or published_at is None:
        return
    if published_at < embargo_until:
        until = formats.date_format(timezone.localtime(embargo_until), "j F Y, H:i T")
        raise ValidationError(
            f"This story is under embargo until {until}. Schedule it for then or later, "
            "or clear the embargo if the source has lifted it.",
            code="embargoed",
        )


def describe(*, from_status, to_status, published_at, at):
    """The step in the newsroom's words: “Sent for review”, “Scheduled”, “Unpublished”."""
    if to_status == Status.PUBLISHED:
        if published_at is not None and published_at > at:
            return "Rescheduled" if from_status == Status.PUBLISHED else "Scheduled"
        if from_status == Status.PUBLISHED:
            return "Publication time changed"
        return "Published"
    if from_status == to_status:
        return "Note"
    return {
        (None, Status.DRAFT): "Started as a draft",
        (None, Status.IN_REVIEW): "Written and sent for review",
        (Status.DRAFT, Status.IN_REVIEW): "Sent for review",
        (Status.IN_REVIEW, Status.DRAFT): "Sent back to draft",
        (Status.PUBLISHED, Status.UNPUBLISHED): "Unpublished",
    }.get((from_status or None, to_status), f"Moved to {Status(to_status).label.lower()}")


def step_changed(*, from_status, from_published_at, article):
    """Whether saving `article` moved it through the workflow (new, new status, new time)."""
    if from_status != article.status:
        return True
    return article.status == Status.PUBLISHED and from_published_at != article.published_at


@transaction.atomic
def record_transition(*, article, from_status, by, note=""):
    """Log the story's step from `from_status` to its current status, with who and when."""
    return StatusChange.objects.create(
        article=article,
        from_status=from_status or "",
        to_status=article.status,
        published_at=article.published_at if article.status == Status.PUBLISHED else None,
        note=note,
        changed_by=by,
        changed_at=timezone.now(),
    )


def note_change(article, *, was_live, changed):
    """A change to a story readers could already see moves its “updated” time."""
    if was_live and changed:
        article.modified_at = timezone.now()
        Article.objects.filter(pk=article.pk).update(modified_at=article.modified_at)
