from django.core.management.base import BaseCommand

from background import operations


class Command(BaseCommand):
    help = (
        "For monitoring: print the task engine's state and exit 1 when due work has waited "
        "longer than NEWSROOM_TASKS_STUCK_SECONDS (no worker running, or too few)."
    )

    def handle(self, *args, verbosity, **options):
        health = operations.health()
        oldest = health.oldest_queued_seconds
        if verbosity > 0:  # with 0, cron mails only when work is stuck
            self.stdout.write(
                f"queued {health.queued}, oldest waiting "
                f"{'-' if oldest is None else f'{oldest} s'}, running {health.running}, "
                f"failed in the last day {health.failed_last_day}, "
                f"live workers {health.live_workers}"
            )
        if health.is_stuck:
            self.stderr.write(
                f"Work is stuck: a task has waited {oldest} s to run. Are the workers "
                "running (systemctl status newsroom-worker@*)?"
            )
            raise SystemExit(1)
