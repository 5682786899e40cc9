from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles import authority_ids


class Command(BaseCommand):
    help = (
        "Fill the Wikidata and GeoNames ids of people, organisations and places from a file: "
        "a Wikidata JSON dump excerpt (.json, .jsonl: matched by label and alias to exactly "
        "one record) or a CSV (kind,slug,wikidata_id,geonames_id). Looks nothing up on the "
        "internet. Ids already set are kept unless --overwrite. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to read.")
        parser.add_argument(
            "--format",
            choices=["wikidata", "csv"],
            help="What the file is (default: by its extension, .csv or else Wikidata JSON).",
        )
        parser.add_argument("--overwrite", action="store_true", help="Replace ids already set.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change, change nothing."
        )

    def handle(self, *args, path, format=None, overwrite=False, dry_run=False, **options):
        kind = format or ("csv" if path.lower().endswith(".csv") else "wikidata")
        read = authority_ids.import_csv if kind == "csv" else authority_ids.import_wikidata
        try:
            with transaction.atomic():
                report = read(path, overwrite=overwrite)
                if dry_run:
                    transaction.set_rollback(True)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except ValueError as error:  # JSON that is not JSON
            raise CommandError(f"{path} is not a Wikidata JSON dump excerpt: {error}.") from None
        for line in report.filled:
            self.stdout.write(f"  filled   {line}")
        for line in report.skipped:
            self.stdout.write(f"  skipped  {line}")
        verb = "would fill" if dry_run else "filled"
        self.stdout.write(
            self.style.SUCCESS(
                f"Authority ids: {len(report.filled)} records {verb}, "
                f"{len(report.unchanged)} already had them, {len(report.skipped)} skipped."
            )
        )
