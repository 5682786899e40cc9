"""Card-testing defences: someone with a list of stolen card numbers tries each with a
small gift to learn which work. Every charge we try is counted in the shared cache per
client address, per e-mail address and per card (Stripe's fingerprint of its number), and
a run of declines from one address or one card shuts it out for hours; each try is also
kept as a PaymentAttempt, which the desk counts per hour.

The counts need the cache: with it down, a charge is refused ("try again in a minute"),
as the pledge form already is (throttle.ThrottleUnavailable).
"""

import hashlib

from django.conf import settings

from donations.models import PaymentAttempt
from newsroom.serving import throttle

HOUR = 60 * 60


def _digest(text):
    return hashlib.sha256(text.lower().encode()).hexdigest()[:32]


class Source:
    """Who is trying: the client's address, the donor's e-mail, and (once Stripe has seen
    it) the card."""

    def __init__(self, request, pledge):
        self.address = throttle.client_address(request)
        self.email = _digest(pledge.email)
        self.card = ""
        self.pledge = pledge

    def keys(self):
        yield "address", self.address, settings.NEWSROOM_CARD_TRIES_PER_ADDRESS
        yield "email", self.email, settings.NEWSROOM_CARD_TRIES_PER_EMAIL
        if self.card:
            yield "card", self.card, settings.NEWSROOM_CARD_TRIES_PER_CARD

    def blocked(self):
        """True when this address or card declined too often lately."""
        return any(
            throttle.attempts(f"card-declines:{kind}:{value}")
            >= settings.NEWSROOM_DECLINES_BEFORE_BLOCK
            for kind, value, _ in self.keys()
            if kind != "email"
        )

    def try_allowed(self):
        """Count one try under each key; False when any is over its limit (or blocked)."""
        if self.blocked():
            return False
        allowed = True
        for kind, value, limit in self.keys():
            allowed &= throttle.hit(f"card-tries:{kind}:{value}", limit=limit, window=HOUR)
        return allowed

    def declined(self, code):
        for kind, value, _ in self.keys():
            if kind != "email":
                throttle.hit(
                    f"card-declines:{kind}:{value}",
                    limit=settings.NEWSROOM_DECLINES_BEFORE_BLOCK,
                    window=settings.NEWSROOM_DECLINE_BLOCK_SECONDS,
                )
        record(self.pledge, PaymentAttempt.Outcome.DECLINED, code)

    def set_card(self, fingerprint):
        self.card = fingerprint or ""


def record(pledge, outcome, code=""):
    PaymentAttempt.objects.create(pledge=pledge, outcome=outcome, code=(code or "")[:64])
