"""Card payments' settings (Stripe, the fee a donor may cover, the card-testing limits),
read from the environment by newsroom/settings.py. Without Stripe's three keys the pledge
form records promises only, as an outlet taking gifts by cheque or phone wants."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ImproperlyConfigured

from newsroom.environment import env, env_int


def env_decimal(name, default):
    value = env(name, default)
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


# The account's keys (test mode first: sk_test_…, pk_test_…) and the webhook's signing
# secret (whsec_…), from Stripe's dashboard.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
# Another address for Stripe's API and Stripe.js: only a local stand-in (the tests'
# localstripe) is ever set here.
STRIPE_API_BASE = env("STRIPE_API_BASE")
STRIPE_JS_URL = env("STRIPE_JS_URL", "https://js.stripe.com/v3/")

# "Cover the fees": the processor's fee as a percentage and a fixed part per charge, in
# the campaign's currency (Stripe's standard card rate in the US by default).
NEWSROOM_FEE_PERCENT = env_decimal("NEWSROOM_FEE_PERCENT", "2.9")
NEWSROOM_FEE_FIXED = env_decimal("NEWSROOM_FEE_FIXED", "0.30")

# Card-testing defences, counted in the shared cache per hour: charges tried per client
# address, per e-mail address and per card; and after this many declines from one address
# or card, further tries from it are refused for NEWSROOM_DECLINE_BLOCK_SECONDS.
NEWSROOM_CARD_TRIES_PER_ADDRESS = env_int("NEWSROOM_CARD_TRIES_PER_ADDRESS", 8)
NEWSROOM_CARD_TRIES_PER_EMAIL = env_int("NEWSROOM_CARD_TRIES_PER_EMAIL", 5)
NEWSROOM_CARD_TRIES_PER_CARD = env_int("NEWSROOM_CARD_TRIES_PER_CARD", 5)
NEWSROOM_DECLINES_BEFORE_BLOCK = env_int("NEWSROOM_DECLINES_BEFORE_BLOCK", 3)
NEWSROOM_DECLINE_BLOCK_SECONDS = env_int("NEWSROOM_DECLINE_BLOCK_SECONDS", 6 * 60 * 60)

# The link a donor is mailed to manage their gifts works this long.
NEWSROOM_MANAGE_LINK_SECONDS = env_int("NEWSROOM_MANAGE_LINK_SECONDS", 60 * 60)

_stripe_keys = {
    "STRIPE_SECRET_KEY": STRIPE_SECRET_KEY,
    "STRIPE_PUBLISHABLE_KEY": STRIPE_PUBLISHABLE_KEY,
    "STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET,
}
if any(_stripe_keys.values()) and not all(_stripe_keys.values()):
    # Half a Stripe account would take a reader to a payment step that cannot finish.
    _missing = ", ".join(name for name, value in _stripe_keys.items() if not value)
    raise ImproperlyConfigured(
        f"Card payments need all three of Stripe's keys: set {_missing} too, "
        "or none of them for pledges only."
    )
if NEWSROOM_FEE_PERCENT < 0 or NEWSROOM_FEE_PERCENT >= 100 or NEWSROOM_FEE_FIXED < 0:
    raise ImproperlyConfigured(
        "NEWSROOM_FEE_PERCENT must be from 0 to under 100 and NEWSROOM_FEE_FIXED at least 0."
    )

__all__ = [name for name in list(globals()) if name.isupper()]
