"""The receipts a donor gets: the gift's own (after pledging, or once a card gift is paid)
and one for each later instalment of a recurring gift; text and HTML, sent by background
tasks (donations/tasks.py) so a mail server that is down delays them and never loses
them. A card gift's receipt carries the link to manage it."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from donations.upgrades import summary
from newsroom.serving.public_urls import absolute_url


def _send(subject, to, context):
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("donations/email/receipt.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string("donations/email/receipt.html", context), "text/html"
    )
    message.send()


def _context(pledge, payment=None):
    from donations import self_service

    paid = pledge.is_card_gift and pledge.status != pledge.Status.PLEDGED
    manage_url = ""
    if pledge.is_card_gift:
        manage_url = absolute_url(
            reverse("donations:manage-gifts", args=[self_service.make_token(pledge.email)])
        )
    return {
        "pledge": pledge,
        "payment": payment,
        "paid": paid,
        "summary": summary(pledge),
        "campaign": pledge.campaign,
        "site_name": settings.SITE_NAME,
        "thanks_url": absolute_url(pledge.get_absolute_url()),
        "manage_url": manage_url,
        "manage_page": absolute_url(reverse("donations:manage")),
    }


def send_receipt(pledge):
    """Mail the gift's receipt; raises what the mail server raises (the task tries again)."""
    payment = pledge.payments.received().order_by("received_at").first()
    _send(
        f"Thank you for your gift to {settings.SITE_NAME}",
        pledge.email,
        _context(pledge, payment),
    )


def send_payment_receipt(payment):
    """Mail the receipt of one later instalment of a recurring gift."""
    _send(
        f"Your receipt from {settings.SITE_NAME}",
        payment.pledge.email,
        _context(payment.pledge, payment),
    )
