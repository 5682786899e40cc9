"""`manage.py prune_payment_logs [--days 90] [--dry-run]`: forget card attempts and
processed Stripe events older than the window. Payments and their audit stay: they are the
accounts. Stripe's events carry donors' names and addresses, so they are not kept for
ever; an event not yet processed is never pruned."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from donations.models import PaymentAttempt, StripeEvent


class Command(BaseCommand):
    help = "Delete card attempts and processed Stripe events older than --days (90)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        before = timezone.now() - timedelta(days=days)
        attempts = PaymentAttempt.objects.filter(attempted_at__lt=before)
        events = StripeEvent.objects.filter(received_at__lt=before, processed_at__isnull=False)
        counts = attempts.count(), events.count()
        if not dry_run:
            attempts.delete()
            events.delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {counts[0]} card attempts and {counts[1]} Stripe events "
            f"older than {days} days."
        )
