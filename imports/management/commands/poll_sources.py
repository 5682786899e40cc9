from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from imports.models import FeedSource
from imports.tasks import poll_source


class Command(BaseCommand):
    help = (
        "Queue a fetch for each active polled agency source whose interval has passed "
        "(a worker runs them). Run by cron every minute; running it twice in a minute "
        "queues nothing more."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        queued = 0
        with transaction.atomic():
            for source in FeedSource.objects.due(now).select_for_update():
                poll_source.enqueue(source.pk)
                source.queued(now)
                queued += 1
        self.stdout.write(f"{queued} source(s) queued.")
