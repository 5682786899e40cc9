"""Saving over someone else's save: the change form carries where an edit started from
(`edit_base()`), and `find_conflict()` tells a later save whether someone else's came
between, with what they changed (a comparison of revisions)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format

from articles import revisions
from articles.models import Article, Revision
from newsroom.staff import display_name


@dataclass(frozen=True)
class Conflict:
    """Someone saved the story after this form was opened: who, what, and the new base."""

    code: str
    message: str
    changes: list | None
    current_base: str


def edit_base(article):
    """What the change form carries to tell a later save what it started from."""
    return _base(article.pk, article.updated_at)


def _base(pk, updated_at):
    number = Revision.objects.kept().filter(article_id=pk).values_list("number", flat=True).first()
    return f"{updated_at.isoformat()}|{number or 0}"


def _parse_base(value):
    """(last saved, latest revision number) from a base; ValueError if it is not one."""
    stamp, _, number = value.partition("|")
    saved_at = datetime.fromisoformat(stamp)
    if timezone.is_naive(saved_at):
        raise ValueError("no time zone")
    return saved_at, int(number)


def _name(user, viewer):
    if user is None:
        return "Someone"
    if viewer is not None and user.pk == viewer.pk:
        return "You (in another window)"
    return display_name(user)


def _when(moment):
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return f"at {local:%H:%M}"
    return f"on {date_format(local, 'j M Y')} at {local:%H:%M}"


def find_conflict(*, article, base, viewer=None):
    """Whether saving a form opened at `base` would replace someone else's later save.

    Locks the story's row for the rest of the transaction, so two saves cannot both pass.
    A save that left the content as it was is no conflict.
    """
    revisions.lock(article)
    updated_at = Article.objects.filter(pk=article.pk).values_list("updated_at", flat=True)[0]
    current_base = _base(article.pk, updated_at)
    try:
        opened = _parse_base(base)
    except ValueError:
        message = (
            "This form did not say which version of the story you started from, so nothing "
            "was saved. Check your version below, then save again to replace the saved one."
        )
        return Conflict("edit_base_invalid", message, None, current_base)
    # A new revision counts as much as a new save time: related rows can change alone.
    if opened == _parse_base(current_base):
        return None
    opened_number = opened[1]
    start = Revision.objects.kept().filter(article_id=article.pk, number=opened_number).first()
    changes = revisions.compare(start.data, revisions.snapshot(article)) if start else None
    if changes == []:
        return None
    since = (
        Revision.objects.kept()
        .filter(article_id=article.pk, number__gt=opened_number)
        .exclude(created_by=None)
        .select_related("created_by")
        .defer("data")
        .order_by("number")
    )
    names = list(dict.fromkeys(_name(r.created_by, viewer) for r in since)) or ["Someone"]
    listed = "; what they changed is listed above" if changes else ""
    message = (
        f"{' and '.join(names)} saved this story {_when(updated_at)}, after you opened it. "
        f"Your version is below, unsaved{listed}. Save again to replace their version with "
        "yours, or reload to start from theirs."
    )
    return Conflict("edited_elsewhere", message, changes, current_base)
