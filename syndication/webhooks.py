"""Telling partners that a story they may take was published or corrected: who is told
and when (`notify()`), what they are sent and how it is signed (`payload()`, `sign()`).

Signing is Stripe's scheme: the header `Newsroom-Signature: t=<unix time>,v1=<hex>` where
hex is HMAC-SHA256 with the partner's secret over `<t>.<the raw body>`. A partner
recomputes it, compares in constant time, and refuses a `t` more than five minutes old, so
a notice copied off the wire cannot be replayed later.
"""

import hashlib
import hmac
import json
import time

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.structured_data import iso_datetime
from newsroom.serving.public_urls import absolute_url
from syndication import ninjs
from syndication.models import ApiKey, Partner, WebhookDelivery
from syndication.rights import is_embargoed, syndicable

SIGNATURE_HEADER = "Newsroom-Signature"


def sign(secret, body, *, at=None):
    """The signature header's value for `body` (bytes) sent at `at` (unix seconds)."""
    at = int(at if at is not None else time.time())
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def payload(delivery):
    """The notice: small, with the address of the story's ninjs document to fetch."""
    article = delivery.article
    return {
        "id": delivery.pk,
        "event": delivery.event,
        "story": {
            "id": article.pk,
            "uri": ninjs.story_uri(article),
            "headline": article.headline,
            "url": absolute_url(article.get_absolute_url()),
            "published_at": iso_datetime(article.published_at),
            "embargoed_until": (
                iso_datetime(article.published_at) if is_embargoed(article) else None
            ),
            "changed_at": iso_datetime(article.last_modified_at),
        },
        "api": absolute_url(reverse("syndication:story", args=[article.pk])),
    }


def when_partner_may_take(partner, article_id, *, now, live_at):
    """The first moment (now, or the story's publication) at which one of the partner's
    live keys may take the story; None if none ever may, as things stand."""
    keys = [key for key in partner.keys.all() if not key.is_revoked]
    for moment in (now, live_at):
        if moment is None or moment < now:
            continue
        story = Article.objects.filter(pk=article_id)
        if any(syndicable(story, key, at=moment).exists() for key in keys):
            return moment
    return None


def notify(*, article_id, event):
    """Queue a notice about a story to each partner with a webhook that may take it: now,
    or, for a scheduled story and a partner without embargoed copy, when it goes live.
    Called inside the transaction that published or corrected the story."""
    from syndication import tasks  # the tasks import this module

    # One query when no partner has a webhook: what every publication and note costs.
    partners = list(Partner.objects.exclude(webhook_url=""))
    if not partners:
        return []
    article = Article.objects.filter(pk=article_id).only("published_at").first()
    if article is None:
        return []
    prefetch_related_objects(partners, "keys__sections")
    now, queued = timezone.now(), []
    for partner in partners:
        due = when_partner_may_take(partner, article_id, now=now, live_at=article.published_at)
        if due is None:
            continue
        delivery = WebhookDelivery.objects.create(
            partner=partner, article_id=article_id, event=event, due_at=due
        )
        task = tasks.deliver_notice if due <= now else tasks.deliver_notice.using(run_after=due)
        task.enqueue(delivery.pk)
        queued.append(delivery)
    return queued


def may_still_take(partner, article):
    """Whether, at sending time, the story is still one the partner's keys may take."""
    story = Article.objects.filter(pk=article.pk)
    keys = ApiKey.objects.live().filter(partner=partner).prefetch_related("sections")
    return any(syndicable(story, key).exists() for key in keys)


def body_of(delivery):
    return json.dumps(payload(delivery), separators=(",", ":")).encode()
