"""The receipt a donor gets after pledging: text and HTML, sent after the pledge commits."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from newsroom.serving.public_urls import absolute_url

logger = logging.getLogger(__name__)


def send_receipt(pledge):
    """Mail the receipt; a mail server that is down is logged, never shown to the donor."""
    if not pledge.email:
        return
    context = {
        "pledge": pledge,
        "campaign": pledge.campaign,
        "site_name": settings.SITE_NAME,
        "thanks_url": absolute_url(pledge.get_absolute_url()),
    }
    message = EmailMultiAlternatives(
        subject=f"Thank you for your gift to {settings.SITE_NAME}",
        body=render_to_string("donations/email/receipt.txt", context),
        to=[pledge.email],
    )
    message.attach_alternative(
        render_to_string("donations/email/receipt.html", context), "text/html"
    )
    try:
        message.send()
    except Exception:
        logger.exception("Could not send the receipt for pledge %s", pledge.reference)
