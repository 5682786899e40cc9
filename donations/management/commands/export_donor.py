import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from donations import pledges
from donations.models import Pledge


class Command(BaseCommand):
    help = (
        "Print everything we hold about one donor (matched on e-mail, any case) as JSON, "
        "or write it to a file: for a subject access request. Each pledge comes with its "
        "history and its payments (amounts, fees, refunds, dates, Stripe's ids)."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The donor's e-mail address.")
        parser.add_argument("--output", "-o", help="Write the JSON to this file instead.")

    def handle(self, *args, email, output=None, **options):
        if not email.strip():
            raise CommandError("Give the donor's e-mail address.")
        if not Pledge.objects.for_donor(email).exists():
            raise CommandError(
                f"No pledge matches {email!r}. Erased donors cannot be found by e-mail."
            )
        records = pledges.donor_records(email=email)
        text = json.dumps(records, indent=2, ensure_ascii=False)
        if output is None:
            self.stdout.write(text)
            return
        Path(output).write_text(text + "\n", encoding="utf-8")
        count = len(records["pledges"])
        payments = sum(len(pledge["payments"]) for pledge in records["pledges"])
        self.stderr.write(
            self.style.SUCCESS(f"Wrote {count} pledge(s) and {payments} payment(s) to {output}.")
        )
