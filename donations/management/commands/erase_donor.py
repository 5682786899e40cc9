from django.core.management.base import BaseCommand, CommandError

from donations import pledges
from donations.models import Payment, Pledge


class Command(BaseCommand):
    help = (
        "Erase one donor's name, e-mail and message from all their pledges (matched on "
        "e-mail, any case). Amounts, dates, campaigns and source stories stay, so the sums do "
        "not change (the donor is no longer counted as one), and so do their payments' "
        "amounts, fees, dates, statuses and Stripe ids, which the accounts need. Asks first "
        "unless --yes is given. Running it again does nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The donor's e-mail address.")
        parser.add_argument(
            "--yes",
            "--no-input",
            action="store_true",
            dest="yes",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, email, yes=False, **options):
        if not email.strip():
            raise CommandError("Give the donor's e-mail address.")
        count = Pledge.objects.for_donor(email).filter(erased_at__isnull=True).count()
        if count == 0:
            self.stdout.write(f"Nothing to erase: no pledge left with {email!r} (0 erased).")
            return
        if not yes:
            try:
                answer = input(
                    f"Erase the name, e-mail and message of {count} pledge(s) from "
                    f"{email!r}? This cannot be undone. Type 'yes' to go on: "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing erased. (Give --yes to erase without asking.)")
        found = Pledge.objects.for_donor(email).filter(erased_at__isnull=True)
        payments = Payment.objects.filter(pledge__in=found).count()
        customers = sorted(
            set(found.exclude(stripe_customer_id="").values_list("stripe_customer_id", flat=True))
        )
        erased = pledges.erase_donor(email=email)
        self.stdout.write(self.style.SUCCESS(f"Erased {erased} pledge(s) from {email!r}."))
        self.stdout.write(
            f"Kept for the accounts: {payments} payment(s) with their amounts, fees, dates, "
            "statuses and Stripe ids (payment intent, charge, invoice, balance transaction), "
            "and each pledge's amount, date and campaign. None of them names the donor: the "
            "payments' notes and Stripe's events that name them are gone."
        )
        if customers:
            self.stdout.write(
                "Stripe keeps its own record of this donor (name, e-mail, card) as customer "
                f"{', '.join(customers)}: delete it in Stripe's dashboard if the request "
                "covers it."
            )
