"""How a card gift reads before and after it is paid ("$18 every month, next on 6
January"), and the offer after a one-time gift to make it monthly instead: the same amount
each month from a month on, on the card just used, as a new pledge linked to the first."""

import datetime as dt
from urllib.parse import urlencode

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from donations import gateway, ledger
from donations.models import Channel, Frequency, Pledge
from donations.money import format_money

EVERY = {Frequency.MONTHLY: "every month", Frequency.ANNUAL: "every year"}


def add_interval(moment, frequency):
    """A month (or a year) after `moment`, on the same day where the month has it."""
    months = 1 if frequency == Frequency.MONTHLY else 12
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)


def day(moment):
    return date_format(timezone.localtime(moment), "j F")


def summary(pledge, *, now=None):
    """The gift in words, as the button and the confirmation say it."""
    amount = format_money(pledge.amount, pledge.currency)
    if not pledge.is_recurring:
        return f"{amount} once"
    if pledge.next_charge_at and pledge.status != Pledge.Status.INCOMPLETE:
        return f"{amount} {EVERY[pledge.frequency]}, next on {day(pledge.next_charge_at)}"
    following = add_interval(now or timezone.now(), pledge.frequency)
    return f"{amount} {EVERY[pledge.frequency]}, first today, next on {day(following)}"


def form_query(pledge):
    """The pledge form filled in again as this pledge had it (to change the amount)."""
    query = {"amount": f"{pledge.gift_amount:f}", "frequency": pledge.frequency}
    if pledge.article_id:
        query["article"] = pledge.article_id
    return "?" + urlencode(query)


def can_make_monthly(pledge):
    return (
        pledge.channel == Channel.CARD
        and pledge.frequency == Frequency.ONE_TIME
        and pledge.status == Pledge.Status.FULFILLED
        and bool(pledge.stripe_customer_id)
        and not Pledge.objects.filter(upgraded_from=pledge).exists()
    )


def make_monthly(pledge):
    """Start the monthly gift: charged a month from now, then every month."""
    intent = gateway.retrieve_payment_intent(pledge.stripe_payment_intent_id)
    method = gateway.object_id(intent.get("payment_method"))
    starts = add_interval(timezone.now(), Frequency.MONTHLY)
    with transaction.atomic():
        monthly = Pledge.objects.create(
            campaign=pledge.campaign,
            amount=pledge.gift_amount,
            currency=pledge.currency,
            frequency=Frequency.MONTHLY,
            donor_name=pledge.donor_name,
            email=pledge.email,
            is_public=pledge.is_public,
            article=pledge.article,
            status=Pledge.Status.INCOMPLETE,
            channel=Channel.CARD,
            stripe_customer_id=pledge.stripe_customer_id,
            upgraded_from=pledge,
        )
    subscription = gateway.subscribe(monthly, method, starts_at=starts)
    with transaction.atomic():
        Pledge.objects.filter(pk=monthly.pk).update(stripe_subscription_id=subscription["id"])
        monthly.stripe_subscription_id = subscription["id"]
        ledger.move_pledge(
            monthly, Pledge.Status.ACTIVE, note="Made monthly after a one-time gift"
        )
        Pledge.objects.filter(pk=monthly.pk).update(
            next_charge_at=dt.datetime.fromtimestamp(int(starts.timestamp()), tz=dt.UTC)
        )
        from donations import tasks

        tasks.send_receipt.enqueue(monthly.pk)
    monthly.refresh_from_db()
    return monthly
