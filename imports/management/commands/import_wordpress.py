from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from imports import wxr
from imports.progress import Progress
from imports.report import Report
from imports.wordpress import PostImport
from newsroom.serving import invalidation


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from Tools → Export): posts as stories with their "
        "status and time, authors as people linked to logins (inactive ones made when "
        "none matches), categories as sections, tags, featured pictures (from --media-dir, "
        "a copy of wp-content/uploads, else fetched from their public address), and every "
        "old permalink answering 301 to the new address. Running it again changes "
        "nothing. Ends with a report of what it could not map."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The export file (.xml).")
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help="A copy of the old site's wp-content/uploads folder: pictures are read "
            "from here first.",
        )
        parser.add_argument(
            "--no-fetch",
            action="store_true",
            help="Fetch no picture from the internet; those not in --media-dir are reported.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen, write nothing."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def handle(self, *args, path, media_dir=None, no_fetch=False, dry_run=False, **options):
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")
        try:
            export = wxr.parse(path)
        except wxr.ExportError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from None
        report = Report()
        importer = PostImport(
            export,
            report=report,
            progress=Progress(self.stderr, quiet=options["quiet"]),
            media_dir=media_dir,
            fetch=not no_fetch,
            dry_run=dry_run,
        )
        try:
            with transaction.atomic():
                importer.run()
                if dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            # The rows are rolled back; the picture files written so far go with them.
            forget_files(importer.saved_files)
            raise
        if not dry_run:
            # OldAddress rows send no content signal: forget every kept page at once.
            invalidation.forget_pages()
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb} from {export.site_url} (WXR {export.wxr_version}):")
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")


def forget_files(names):
    for name in names:
        default_storage.delete(name)
