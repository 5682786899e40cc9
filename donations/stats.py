"""Counting appeal views and clicks: one row per campaign, story and day, no people."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from donations.models import AppealStat


def count_view(*, campaign_id, article_id, day=None):
    """One more reader saw the appeal on this story (today in the site's time zone)."""
    _count("views", campaign_id=campaign_id, article_id=article_id, day=day)


def count_click(*, campaign_id, article_id, day=None):
    """One more reader followed the appeal from this story to the pledge page."""
    _count("clicks", campaign_id=campaign_id, article_id=article_id, day=day)


def _count(counter, *, campaign_id, article_id, day):
    day = day or timezone.localdate()
    row = AppealStat.objects.filter(campaign_id=campaign_id, article_id=article_id, day=day)
    # An UPDATE with F() adds in the database, so concurrent counts are never lost.
    if row.update(**{counter: F(counter) + 1}):
        return
    try:
        with transaction.atomic():
            AppealStat.objects.create(
                campaign_id=campaign_id, article_id=article_id, day=day, **{counter: 1}
            )
    except IntegrityError:
        # Another request created the day's row between our UPDATE and INSERT.
        row.update(**{counter: F(counter) + 1})
