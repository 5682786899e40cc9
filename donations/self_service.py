"""Donors managing their own gifts without an account: a link mailed to the address they
gave, signed and short-lived, opens a page of their gifts. Asking for the link answers the
same whether we hold gifts under that address or not, so nobody learns who gives."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from donations import gateway, ledger, stripe_events
from donations.models import Payment, Pledge
from newsroom.serving.public_urls import absolute_url

SALT = "donations.manage"
SHOWN = Pledge.objects.exclude(status=Pledge.Status.INCOMPLETE)


class LinkExpired(Exception):
    pass


def make_token(email):
    return signing.dumps(email.strip().lower(), salt=SALT, compress=True)


def read_token(token):
    """The e-mail address a link was made for; LinkExpired when it is too old, Http404's
    caller's business when it was never ours (signing.BadSignature)."""
    try:
        return signing.loads(token, salt=SALT, max_age=settings.NEWSROOM_MANAGE_LINK_SECONDS)
    except signing.SignatureExpired:
        raise LinkExpired from None


def gifts_of(email):
    return SHOWN.for_donor(email).select_related("campaign").prefetch_related("payments")


def send_link(email):
    """Mail the link if we hold gifts under `email` (the background task's work)."""
    if not SHOWN.for_donor(email).filter(erased_at__isnull=True).exists():
        return "No gifts under that address; nothing sent."
    link = absolute_url(reverse("donations:manage-gifts", args=[make_token(email)]))
    minutes = settings.NEWSROOM_MANAGE_LINK_SECONDS // 60
    context = {"link": link, "site_name": settings.SITE_NAME, "minutes": minutes}
    message = EmailMultiAlternatives(
        subject=f"Your gifts to {settings.SITE_NAME}",
        body=render_to_string("donations/email/manage_link.txt", context),
        to=[email],
    )
    message.send()
    return "Link sent."


def received_in(email, year):
    """A donor's payments received in a calendar year (their statement)."""
    return (
        Payment.objects.received()
        .filter(pledge__in=SHOWN.for_donor(email), received_at__year=year)
        .select_related("pledge__campaign")
        .order_by("received_at")
    )


# --- the donor's changes, at Stripe first, then in the ledger ----------------------------


def _state(pledge, subscription, why):
    return stripe_events.apply_subscription(
        pledge, subscription, at=timezone.now().replace(microsecond=0), why=why
    )


@transaction.atomic
def cancel(pledge):
    if pledge.stripe_subscription_id:
        subscription = gateway.cancel_subscription(pledge.stripe_subscription_id)
        _state(pledge, subscription, "Cancelled by the donor")
    else:
        ledger.move_pledge(pledge, Pledge.Status.CANCELLED, note="Cancelled by the donor")


def pause(pledge):
    _state(pledge, gateway.pause(pledge), "Paused by the donor")


def resume(pledge):
    _state(pledge, gateway.resume(pledge), "Resumed by the donor")


def change_amount(pledge, amount):
    _state(pledge, gateway.change_amount(pledge, amount), "Amount changed by the donor")
