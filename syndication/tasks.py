"""Syndication's background work (background/engine.py): sending partners' webhook
notices, each recorded on its WebhookDelivery, safe to run twice."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from background.engine import Retry, task
from newsroom import safe_fetch
from syndication import webhooks
from syndication.models import WebhookDelivery

# A partner's endpoint down for a while still hears: six tries over about three hours.
NOTICE_RETRY = Retry(max_attempts=6, first_delay=60, factor=3)

Status = WebhookDelivery.Status


class DeliveryFailed(Exception):
    """The partner's endpoint did not take the notice; the task is tried again."""


def why_not_send(delivery):
    """Why a notice due now should not go after all; empty when it should."""
    partner = delivery.partner
    if not partner.webhook_url:
        return "Not sent: the partner has no webhook address now."
    if not webhooks.may_still_take(partner, delivery.article):
        return "Not sent: no longer a story the partner's keys may take."
    told = WebhookDelivery.objects.filter(
        partner=partner, article=delivery.article, event=delivery.event, status=Status.DELIVERED
    )
    if delivery.event == WebhookDelivery.Event.PUBLISHED and told.exists():
        return "Not sent: the partner was already told of this publication."
    return ""


@task(retry=NOTICE_RETRY, takes_context=True)
def deliver_notice(context, delivery_id):
    """POST one notice, signed, to the partner's webhook; the delivery row (locked while
    sending, so two workers never both send) records each attempt, its answer or error."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("partner", "article")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return "The delivery no longer exists."
        if delivery.status != Status.PENDING:
            return f"Already {delivery.get_status_display().lower()}."
        partner = delivery.partner
        if reason := why_not_send(delivery):
            delivery.status, delivery.last_error = Status.SKIPPED, reason
            delivery.save(update_fields=["status", "last_error"])
            return reason
        body = webhooks.body_of(delivery)
        delivery.attempts += 1
        try:
            posted = safe_fetch.post(
                partner.webhook_url,
                body=body,
                content_type="application/json",
                headers={
                    webhooks.SIGNATURE_HEADER: webhooks.sign(partner.webhook_secret, body),
                    "Newsroom-Event": delivery.event,
                    "Newsroom-Delivery": str(delivery.pk),
                },
                timeout=settings.NEWSROOM_WEBHOOK_TIMEOUT,
            )
        except safe_fetch.FetchError as error:
            failure = error
            # An address inside our network will not get better with time.
            final = isinstance(error, safe_fetch.FetchRefused) or (
                context.attempt >= NOTICE_RETRY.max_attempts
            )
            delivery.status = Status.FAILED if final else Status.PENDING
            delivery.last_error = str(error)
        else:
            failure, final = None, True
            delivery.status, delivery.last_error = Status.DELIVERED, ""
            delivery.response_status, delivery.sent_at = posted.status, timezone.now()
        delivery.save()
    if failure is not None and not final:
        raise DeliveryFailed(str(failure))
    return delivery.last_error or "Delivered."
