from django.core.management.base import BaseCommand, CommandError

from donations import pledges
from donations.models import Pledge


class Command(BaseCommand):
    help = (
        "Erase one donor's name, e-mail and message from all their pledges (matched on "
        "e-mail, any case). Amounts, dates, campaigns and source stories stay, so the sums do "
        "not change (the donor is no longer counted as one). Asks first unless --yes is "
        "given. Running it again does nothing."
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
        erased = pledges.erase_donor(email=email)
        self.stdout.write(self.style.SUCCESS(f"Erased {erased} pledge(s) from {email!r}."))
