from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles.models import Revision

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Delete old revisions of stories. Per story it keeps the newest --keep revisions, "
        "every revision younger than --older-than days, and always the newest one (the "
        "state the story is in). Prints what it removes; --dry-run only prints. Running it "
        "again removes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            type=int,
            required=True,
            metavar="N",
            help="Revisions to keep per story, newest first, whatever their age (at least 1).",
        )
        parser.add_argument(
            "--older-than",
            type=int,
            required=True,
            metavar="DAYS",
            help="Only revisions saved more than this many days ago may be removed.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be removed; remove nothing."
        )

    def handle(self, *args, keep, older_than, dry_run=False, **options):
        if keep < 1:
            raise CommandError(
                "--keep must be at least 1: a story's newest revision is what the change "
                "form compares against and what the next revision is numbered from."
            )
        if older_than < 0:
            raise CommandError("--older-than is a number of days, 0 or more.")
        cutoff = timezone.now() - timedelta(days=older_than)
        doomed = self.doomed(keep=keep, cutoff=cutoff)
        verb = "Would remove" if dry_run else "Removing"
        for article_id, (headline, numbers) in doomed.items():
            self.stdout.write(
                f"  {verb} {len(numbers)} revision(s) of story {article_id} "
                f"({headline!r}): {_spans(numbers)}"
            )
        ids = [pk for _, pks in doomed.values() for pk in pks.values()]
        summary = (
            f"{len(ids)} revision(s) of {len(doomed)} stor{'y' if len(doomed) == 1 else 'ies'}"
            f" (keeping the newest {keep} per story and any saved after "
            f"{cutoff:%Y-%m-%d %H:%M} UTC)"
        )
        if dry_run:
            self.stdout.write(f"Dry run: would remove {summary}. Nothing removed.")
            return
        removed = 0
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():
                removed += Revision.objects.filter(pk__in=ids[start : start + BATCH]).delete()[0]
            if len(ids) > BATCH:
                self.stdout.write(f"  removed {removed:,}/{len(ids):,}")
        self.stdout.write(self.style.SUCCESS(f"Removed {summary}."))

    def doomed(self, *, keep, cutoff):
        """{story id: (headline, {revision number: revision id})} for what may go."""
        # Ranked by number, not by time: numbers are the story's own order of saves, and
        # rank 1 (the newest) is never removed, so record() never reuses a number.
        ranked = Revision.objects.annotate(
            rank=Window(RowNumber(), partition_by=F("article_id"), order_by=F("number").desc())
        )
        # The age test sits outside the ranking: in the same filter() Django would apply it
        # before numbering the rows, and the newest old revision would count as the newest.
        beyond_keep = ranked.filter(rank__gt=keep).values("pk")
        rows = (
            Revision.objects.filter(pk__in=beyond_keep, created_at__lt=cutoff)
            .exclude(proposal=Revision.Proposal.WAITING)  # an editor has yet to read it
            .order_by("article_id", "number")
            .values_list("article_id", "article__headline", "number", "pk")
        )
        doomed = {}
        for article_id, headline, number, pk in rows:
            doomed.setdefault(article_id, (headline, {}))[1][number] = pk
        return doomed


def _spans(numbers):
    """Revision numbers as short ranges: 1–4, 7, 9–10."""
    spans, run = [], []
    for number in sorted(numbers):
        if run and number != run[-1] + 1:
            spans.append(run)
            run = []
        run.append(number)
    if run:
        spans.append(run)
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in spans)
