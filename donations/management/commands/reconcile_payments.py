"""manage.py reconcile_payments --from 2026-11-01 --to 2026-11-30

Our card payments beside Stripe's balance transactions for the same days (the newsroom's
time zone, both days included): every charge Stripe has that we have not, every payment we
have that Stripe has not, and every amount or fee that differs. Exits non-zero when there
is any difference. Reads only; changes nothing.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from donations import gateway
from donations.models import Channel, Payment
from donations.money import format_money

# A charge made just before midnight may settle just after it: matches are looked for this
# far past either end of the range, differences reported only inside it.
MARGIN = timedelta(days=2)
# What Stripe's balance calls a payment: a card charge ("charge") or another method's.
CHARGES = {"charge", "payment"}


@dataclass
class Difference:
    kind: str
    text: str

    def __str__(self):
        return f"{self.kind}: {self.text}"


def day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: write it YYYY-MM-DD.") from None


def describe_payment(payment):
    ids = payment.stripe_charge_id or payment.stripe_payment_intent_id or "no Stripe id"
    return (
        f"payment {payment.pk} of pledge {payment.pledge.reference}, "
        f"{format_money(payment.amount, payment.currency)} on "
        f"{timezone.localtime(payment.received_at):%Y-%m-%d %H:%M} ({ids})"
    )


def describe_transaction(transaction):
    amount = gateway.from_minor(transaction["amount"], transaction["currency"])
    moment = timezone.localtime(datetime.fromtimestamp(transaction["created"], tz=UTC))
    return (
        f"{transaction['id']} (charge {transaction.get('source') or '?'}), "
        f"{format_money(amount, transaction['currency'].upper())} on {moment:%Y-%m-%d %H:%M}"
    )


def compare(payments, transactions, *, start, end):
    """Differences between our payments received in [start, end) and Stripe's charge
    transactions created in it; `payments` may hold more (found by Stripe's ids) and
    `transactions` may reach MARGIN past either end."""
    by_id = {t["id"]: t for t in transactions}
    by_charge = {t.get("source"): t for t in transactions if t.get("source")}
    start_ts, end_ts = start.timestamp(), end.timestamp()
    differences, matched = [], set()
    for payment in payments:
        found = by_id.get(payment.stripe_balance_transaction_id) or by_charge.get(
            payment.stripe_charge_id
        )
        if found is None:
            if start <= payment.received_at < end:
                differences.append(Difference("Ours, not in Stripe", describe_payment(payment)))
            continue
        matched.add(found["id"])
        if found["currency"].upper() != payment.currency:
            continue  # settled in another currency: Stripe's figures are not ours to compare
        for name, ours in (("amount", payment.amount), ("fee", payment.fee)):
            theirs = gateway.from_minor(found[name], found["currency"])
            if theirs != ours:
                differences.append(
                    Difference(
                        f"The {name} differs",
                        f"{describe_payment(payment)}: ours {format_money(ours, payment.currency)}"
                        f", Stripe's {format_money(theirs, payment.currency)} ({found['id']})",
                    )
                )
    for transaction in transactions:
        if transaction["id"] in matched or not start_ts <= transaction["created"] < end_ts:
            continue
        differences.append(Difference("In Stripe, not ours", describe_transaction(transaction)))
    return differences


class Command(BaseCommand):
    help = (
        "Compare our card payments with Stripe's balance transactions for a range of days "
        "(--from and --to, both included, in the newsroom's time zone): lists each charge "
        "only Stripe has, each payment only we have, and each amount or fee that differs. "
        "Exits with status 1 when there is any difference. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="last", required=True, help="Last day, YYYY-MM-DD.")

    def handle(self, *args, first, last, **options):
        first, last = day(first), day(last)
        if last < first:
            raise CommandError("--to is before --from.")
        if not gateway.enabled():
            raise CommandError(
                "Stripe is not configured (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and "
                "STRIPE_WEBHOOK_SECRET): there are no card payments to reconcile."
            )
        start = timezone.make_aware(datetime.combine(first, time.min))
        end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
        try:
            found = gateway.balance_transactions(start - MARGIN, end + MARGIN)
        except gateway.StripeError as error:
            raise CommandError(f"Stripe did not answer: {error}") from error
        charges = [t for t in found if t.get("type") in CHARGES]
        in_range = [t for t in charges if start.timestamp() <= t["created"] < end.timestamp()]
        ours = (
            Payment.objects.exclude(status=Payment.Status.FAILED)
            .filter(
                Q(received_at__gte=start, received_at__lt=end, channel=Channel.CARD)
                | Q(stripe_balance_transaction_id__in=[t["id"] for t in in_range])
                | Q(stripe_charge_id__in=[t["source"] for t in in_range if t.get("source")])
            )
            .select_related("pledge")
            .order_by("received_at", "pk")
        )
        payments = list(ours)
        differences = compare(payments, charges, start=start, end=end)
        if options["verbosity"] == 0 and not differences:
            return  # quiet for cron: it mails only what is printed
        self.stdout.write(
            f"From {first} to {last}: {len(in_range)} charge(s) at Stripe, "
            f"{sum(start <= p.received_at < end for p in payments)} card payment(s) of ours."
        )
        self._other_transactions(found, charges, start, end)
        for difference in differences:
            self.stdout.write(f"- {difference}")
        if differences:
            raise CommandError(f"{len(differences)} difference(s).", returncode=1)
        self.stdout.write(self.style.SUCCESS("No differences."))

    def _other_transactions(self, found, charges, start, end):
        """Refunds, disputes and payouts are not matched one by one (a payment keeps its
        refunds as one sum): counted, so a reader knows they were there."""
        others = {}
        for t in found:
            if t not in charges and start.timestamp() <= t["created"] < end.timestamp():
                others[t.get("type", "other")] = others.get(t.get("type", "other"), 0) + 1
        if others:
            listed = ", ".join(f"{count} {kind}" for kind, count in sorted(others.items()))
            self.stdout.write(f"Not compared one by one: {listed}.")
