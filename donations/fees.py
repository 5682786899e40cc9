"""The card processor's fee, as settings describe it (NEWSROOM_FEE_PERCENT and _FIXED):
what a charge costs us, and what a donor who covers the fees adds to their gift."""

from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from django.conf import settings

CENT = Decimal("0.01")


def card_fee(amount):
    """The fee on a charge of `amount`, to the cent."""
    rate = settings.NEWSROOM_FEE_PERCENT / 100
    return (Decimal(amount) * rate + settings.NEWSROOM_FEE_FIXED).quantize(CENT, ROUND_HALF_UP)


def covering(gift):
    """What to charge so that, after the fee on the whole charge, the gift arrives whole:
    (gift + fixed) / (1 - rate), rounded up to the cent. Returns (charge, part covering
    the fees)."""
    rate = settings.NEWSROOM_FEE_PERCENT / 100
    charge = ((Decimal(gift) + settings.NEWSROOM_FEE_FIXED) / (1 - rate)).quantize(CENT, ROUND_UP)
    return charge, charge - Decimal(gift)
