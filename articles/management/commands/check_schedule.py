from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from articles import scheduling
from newsroom.serving.public_urls import absolute_url


class Command(BaseCommand):
    help = (
        "Check the publishing schedule, for a monitoring cron. Publishes nothing: a "
        "scheduled story goes live by itself at its time. Fails (exit 1, the stories on "
        "stderr) when a story's planned time has passed while it is still a draft or in "
        "review, so readers cannot see it; prints nothing with -v 0 when all is well."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace",
            type=int,
            default=0,
            metavar="MINUTES",
            help="Only report stories late by more than this many minutes (default 0).",
        )

    def handle(self, *args, grace, verbosity=1, **options):
        board = scheduling.board()
        late = [
            story
            for story in board.overdue
            if story.published_at < board.now - timedelta(minutes=grace)
        ]
        if verbosity >= 1:
            self.report(board)
        if not late:
            if verbosity >= 1:
                self.stdout.write(self.style.SUCCESS("Nothing late."))
            return
        lines = [
            f"{len(late)} stor{'y' if len(late) == 1 else 'ies'} should be live but "
            f"{'is' if len(late) == 1 else 'are'} not visible (still draft or in review):"
        ]
        lines += [f"  {self.describe(story, board.now)}" for story in late]
        lines.append(
            f"Publishing schedule: {absolute_url(reverse('admin:articles_article_schedule'))}"
        )
        raise CommandError("\n".join(lines))

    def report(self, board):
        if board.scheduled:
            soonest = board.scheduled[0]
            self.stdout.write(
                f"Scheduled: {len(board.scheduled)}; next “{soonest.headline}” at "
                f"{_when(soonest.published_at)} (in {_span(soonest.published_at - board.now)})."
            )
        else:
            self.stdout.write("Scheduled: none.")
        self.stdout.write(f"In review: {len(board.in_review)}.")
        self.stdout.write(f"Live in the last 24 hours: {len(board.recent)}.")

    def describe(self, story, now):
        change = absolute_url(reverse("admin:articles_article_change", args=[story.pk]))
        return (
            f"“{story.headline}” ({story.get_status_display()}), planned for "
            f"{_when(story.published_at)}, {_span(now - story.published_at)} late: {change}"
        )


def _when(moment):
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M %Z}"


def _span(delta):
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours == 0:
        return f"{minutes} min"
    if hours < 48:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{hours // 24} days"
