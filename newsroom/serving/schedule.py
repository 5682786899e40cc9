"""Changes nobody saves: a scheduled story going live, a note dated ahead, a campaign
starting or ending. A page is kept only until the first of them that touches one of its
tags (`first_change_for()`), and no header promises longer; every other page lives on.
"""

from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from newsroom.serving import dependencies, kept
from newsroom.serving.dependencies import every_tag
from newsroom.serving.invalidation import story_lists, tags_changed

# Scheduled changes looked at ahead; with more, pages end at the last one looked at.
SCHEDULE_LIMIT = 200
SCHEDULE_DAYS = 1


def scheduled_changes():
    """[(moment, tags)] of the changes to come that no one will save, soonest first: kept
    until a story, note or campaign changes or the first of them comes."""
    return kept.kept_until_change(
        kept.SCHEDULE, _load_schedule, until=lambda changes: changes[0][0] if changes else None
    )


def _load_schedule():
    now = timezone.now()
    horizon = now + timedelta(days=SCHEDULE_DAYS)
    Article = apps.get_model("articles", "Article")
    Correction = apps.get_model("articles", "Correction")
    Campaign = apps.get_model("donations", "Campaign")
    dependencies.depends_on(*(every_tag(m) for m in ("article", "correction", "campaign")))
    changes = []
    stories = Article.objects.scheduled(now).filter(published_at__lte=horizon)
    for story in stories.order_by("published_at")[:SCHEDULE_LIMIT]:
        changes.append((story.published_at, frozenset(story_lists(story))))
    notes = Correction.objects.filter(published_at__gt=now, published_at__lte=horizon)
    for note in notes.order_by("published_at")[:SCHEDULE_LIMIT]:
        changes.append((note.published_at, frozenset(tags_changed(note, None, created=True))))
    targeting = frozenset({every_tag("campaign")})
    for moment in Campaign.objects.change_moments(now):
        for at in moment.filter(moment__lte=horizon).order_by("moment")[:SCHEDULE_LIMIT]:
            changes.append((at, targeting))
    changes.sort(key=lambda change: change[0])
    if len(changes) >= SCHEDULE_LIMIT:
        # Beyond what was looked at, anything may change: every page ends by then.
        changes = changes[:SCHEDULE_LIMIT]
        changes.append((changes[-1][0], frozenset({EVERY_PAGE})))
    return changes


EVERY_PAGE = "*"


def first_change_for(tags, changes):
    """The moment the first scheduled change touching `tags` comes, or None."""
    tags = set(tags)
    for moment, touched in changes:
        if EVERY_PAGE in touched or touched & tags:
            return moment
    return None
