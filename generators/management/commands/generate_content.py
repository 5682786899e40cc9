import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from background.worker import run_due_tasks
from generators import bulk_pledges
from generators.bulk_pledges import PledgeGenerator
from generators.bulk_stories import StoryGenerator
from newsroom.serving import invalidation


def plain(text):
    return text


def duration(seconds):
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"


class ProgressBar:
    """One line per phase on stderr: redrawn in place on a terminal, written once otherwise."""

    WIDTH = 24
    REDRAW_SECONDS = 0.2

    def __init__(self, stream, *, quiet):
        self.stream = stream
        self.quiet = quiet
        self.live = not quiet and stream.isatty()

    def start(self, label, total):
        self.label, self.total, self.done, self.width = label, total, 0, 0
        self.started = self.drawn = time.monotonic()
        if self.live:
            self.draw()

    def advance(self, count):
        self.done += count
        if self.live and time.monotonic() - self.drawn >= self.REDRAW_SECONDS:
            self.draw()

    def finish(self):
        if self.live:
            self.draw()
            self.write("\n")
        elif not self.quiet:
            seconds = time.monotonic() - self.started
            rate = self.done / seconds if seconds else 0
            self.write(f"{self.label}: {self.done:,} in {seconds:.1f} s ({rate:,.0f}/s)\n")

    def draw(self):
        self.drawn = time.monotonic()
        elapsed = max(self.drawn - self.started, 1e-6)
        rate = self.done / elapsed
        fraction = self.done / self.total if self.total else 1
        filled = int(self.WIDTH * fraction)
        eta = duration((self.total - self.done) / rate) if rate else "?"
        line = (
            f"{self.label:<13} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
            f"{self.done:,}/{self.total:,} {fraction:4.0%}  {rate:,.0f}/s  "
            f"{duration(elapsed)} elapsed, ETA {eta}"
        )
        # Pad over whatever a longer previous line left behind.
        self.write("\r" + line.ljust(self.width))
        self.width = len(line)

    def write(self, text):
        self.stream.write(text, style_func=plain, ending="")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Fill the database with invented newsroom content, for benchmarks: N stories over "
        "ten years in eleven sections (with bylines, people, places, quotes, tags, shared "
        "lead pictures and a few corrections; N/20 people, about 300 places) and M pledges "
        "to a general and several targeted campaigns, about 60% of them attributed to a "
        "story published before the pledge, with appeal counts. The same --seed on an empty "
        "database gives the same content. A database that already holds generated content "
        "is refused unless --add is given, which adds another run whose slugs carry its "
        "number. Runs only with DEBUG on (or --force): never on the live site. Cached "
        "reader pages are forgotten at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, metavar="N")
        parser.add_argument("--pledges", type=int, default=10000, metavar="M")
        parser.add_argument(
            "--images",
            type=int,
            default=20,
            help="Lead pictures made (with their renditions) and shared by the stories.",
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same content.")
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Rows per INSERT and transaction."
        )
        parser.add_argument(
            "--add", action="store_true", help="Add another run to generated content."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")
        parser.add_argument(
            "--force", action="store_true", help="Run with DEBUG off (a staging database)."
        )

    def handle(self, *args, articles, pledges, images, seed, batch_size, **options):
        for name, value in [
            ("--articles", articles),
            ("--pledges", pledges),
            ("--images", images),
        ]:
            if value < 0:
                raise CommandError(f"{name} is a number of rows, 0 or more (not {value}).")
        if batch_size < 1:
            raise CommandError(f"--batch-size must be at least 1 (not {batch_size}).")
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "generate_content publishes invented stories and pledges; it runs only with "
                "DEBUG on. Use --force for a staging database (never the live site)."
            )
        runs = bulk_pledges.generated_runs()
        if runs and not options["add"]:
            raise CommandError(
                f"This database already holds generated content ({runs} run(s)). Use --add "
                "to add another run beside it, or start from an empty database."
            )
        started = time.monotonic()
        progress = ProgressBar(self.stderr, quiet=options["quiet"])
        common = {"seed": seed, "run": runs + 1, "batch_size": batch_size, "progress": progress}
        now = timezone.now()
        story_generator = StoryGenerator(now=now, **common)
        pledge_generator = PledgeGenerator(now=now, **common)

        def records():
            counts = story_generator.make_pictures(images)
            # One transaction: the campaigns mark the run, so a run stopped halfway still
            # counts, and the next one (with --add) gets slugs of its own.
            with transaction.atomic():
                counts |= story_generator.make_records(people=max(20, articles // 20))
                counts |= pledge_generator.make_campaigns(
                    **story_generator.records.targets(), expected_pledges=pledges
                )
            return counts

        steps = [
            ("records", records),
            ("articles", lambda: story_generator.write_articles(articles)),
            ("relations", story_generator.write_relations),
            (
                "pledges",
                lambda: pledge_generator.write_pledges(pledges, stories=story_generator.stories),
            ),
            ("appeal counts", pledge_generator.write_appeal_stats),
            # bulk_create skips Pledge.save(), which keeps each campaign's totals.
            ("totals", pledge_generator.count_totals),
        ]
        done = []
        for name, step in steps:
            step_started = time.monotonic()
            counts = step()
            done.append((name, time.monotonic() - step_started, counts))
        # The pictures' renditions were queued as for any upload: made now, so the data set
        # is complete when the command ends (a benchmark database is nobody else's).
        run_due_tasks(worker_id="generate-content", quiet=True)
        # bulk_create sends no signals, so nothing told the page cache about the new rows.
        invalidation.forget_pages()
        if connection.vendor == "postgresql":
            # Fresh statistics before anyone measures: without them the planner guessed
            # 18 matching rows for a word in half the stories and chose a full scan.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        self.stdout.write(
            f"Generated run {runs + 1} (seed {seed}) in {time.monotonic() - started:.1f} s:"
        )
        for name, seconds, counts in done:
            listed = ", ".join(f"{value:,} {key}" for key, value in counts.items())
            self.stdout.write(f"  {name:<14}{seconds:8.1f} s  {listed}")
