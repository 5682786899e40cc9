"""Money: the one shape every amount, goal and total takes, and how an amount reads."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Sum, Value
from django.db.models.functions import Coalesce

CURRENCY_SYMBOLS = {"USD": "$", "CAD": "CA$", "AUD": "A$", "EUR": "€", "GBP": "£", "ILS": "₪"}

# Digits with the cents: a sum over many pledges needs more room than one pledge or a goal.
# Each column keeps the width its migration gave it.
AMOUNT_DIGITS = 10
GOAL_DIGITS = 12
TOTAL_DIGITS = 14


def money_field(max_digits, **options):
    """A model field for an amount in a currency: cents, and `max_digits` digits in all."""
    return models.DecimalField(max_digits=max_digits, decimal_places=2, **options)


def total_field():
    """A model field for a kept sum of amounts, zero until something is added."""
    return money_field(TOTAL_DIGITS, default=Decimal("0"))


def money_output():
    """The output field of a sum of amounts computed in a query."""
    return models.DecimalField(max_digits=TOTAL_DIGITS, decimal_places=2)


def zero():
    """Zero as money, for Coalesce() where there is nothing to add."""
    return Value(Decimal("0"), output_field=money_output())


def money_sum(name, *, condition=None):
    """The sum of an amount column over the rows matching `condition`; zero, never NULL."""
    return Coalesce(Sum(name, filter=condition), zero(), output_field=money_output())


def format_money(amount, currency):
    """ "$18", "$18.50", "€1,200": whole amounts without cents, others with two decimals."""
    amount = Decimal(amount)
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def progress_percent(raised, goal):
    """Raised as a whole percentage of the goal (it may pass 100); None without a goal."""
    if not goal:
        return None
    return int(raised * 100 / goal)


def parse_amounts(text):
    """ "18, 36, 100" → [Decimal("18"), Decimal("36"), Decimal("100")]; ValueError if not.

    Each amount must be one a reader could pledge (NEWSROOM_PLEDGE_MIN to _MAX): a
    suggestion the pledge form would refuse is no suggestion.
    """
    lowest, highest = settings.NEWSROOM_PLEDGE_MIN, settings.NEWSROOM_PLEDGE_MAX
    amounts = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            amount = Decimal(part)
        except InvalidOperation:
            raise ValueError(f"“{part}” is not an amount.") from None
        if not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2:
            raise ValueError(f"“{part}” is not a positive amount with at most two decimals.")
        if not lowest <= amount <= highest:
            raise ValueError(
                f"“{part}” is outside what a reader can pledge: suggest amounts from "
                f"{lowest:,f} to {highest:,f}."
            )
        amounts.append(amount)
    return amounts


def validate_amounts(text):
    """A field validator: the text reads as parse_amounts() wants it."""
    try:
        parse_amounts(text)
    except ValueError as error:
        raise ValidationError(str(error), code="invalid_amounts") from None
