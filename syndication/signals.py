"""Hearing the newsroom publish and correct, without articles knowing we listen.

A story is published when the workflow logs a step to "published"
(`articles.workflow.record_transition()` writes a StatusChange, for publishing now,
scheduling and rescheduling alike); it is corrected when a Correction is added. Both are
saved inside the transaction that made them, so the notices are queued in it too: a
rolled-back publication tells no one.
"""

from datetime import timedelta

from django.db.models.signals import post_save

from articles.models import Article, Correction, StatusChange
from syndication import webhooks
from syndication.models import WebhookDelivery

Event = WebhookDelivery.Event
# A step to "published" whose publication time lies further back than this is an archive
# brought in (import_wordpress logs one per old post) or a story back-dated on purpose:
# not news to announce. Partners still find it through the API.
BACK_DATED = timedelta(days=1)


def step_logged(sender, instance, created, raw=False, **kwargs):
    if not created or raw or instance.to_status != Article.Status.PUBLISHED:
        return
    if instance.published_at and instance.published_at < instance.changed_at - BACK_DATED:
        return
    webhooks.notify(article_id=instance.article_id, event=Event.PUBLISHED)


def note_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        webhooks.notify(article_id=instance.article_id, event=Event.CORRECTED)


def connect():
    post_save.connect(step_logged, sender=StatusChange, dispatch_uid="syndication-published")
    post_save.connect(note_added, sender=Correction, dispatch_uid="syndication-corrected")
