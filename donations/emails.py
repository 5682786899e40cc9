"""The receipt a donor gets after pledging: text and HTML, sent by a background task
(donations/tasks.py) so a mail server that is down delays it and never loses it."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from newsroom.serving.public_urls import absolute_url


def send_receipt(pledge):
    """Mail the receipt; raises what the mail server raises (the task tries again)."""
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
    message.send()
