from django.core.management.base import BaseCommand, CommandError

from donations import totals
from donations.models import format_money


class Command(BaseCommand):
    help = (
        "Compare every campaign's kept totals (raised, fulfilled, one-time, recurring, "
        "pledges, donors) with its pledges and set them to the pledges' figures. Needed only "
        "after pledges were written past the application (SQL, bulk loads). With --check, "
        "change nothing and exit 1 if any figure differs (for a nightly job)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Report differences; change nothing."
        )

    def handle(self, *args, check=False, **options):
        differences = totals.recount(fix=not check)
        for campaign, name, kept, counted in differences:
            if campaign is None:
                self.stdout.write(f"All campaigns: {name} kept {kept}, pledges say {counted}")
                continue
            if name in totals.MONEY:
                kept, counted = (format_money(v, campaign.currency) for v in (kept, counted))
            self.stdout.write(f"{campaign.name}: {name} kept {kept}, pledges say {counted}")
        if not differences:
            if options["verbosity"] > 0:  # silent for cron when all is well
                self.stdout.write("Every campaign's totals equal its pledges.")
        elif check:
            raise CommandError(f"{len(differences)} figure(s) differ; run recount_totals to fix.")
        else:
            self.stdout.write(f"Set {len(differences)} figure(s) from the pledges.")
