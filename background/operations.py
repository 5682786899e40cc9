"""What the Operations desk and monitoring do with tasks: run one again, discard one, and
tell whether work is stuck."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks_db.models import get_date_max

from background.engine import TaskResultStatus
from background.models import BackgroundTask, Worker


@transaction.atomic
def run_again(task):
    """Queue a failed or finished task to run at once with its attempts afresh; False for
    one queued or running."""
    locked = BackgroundTask.objects.select_for_update().filter(pk=task.pk).first()
    if locked is None or locked.status not in {
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    }:
        return False
    BackgroundTask.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.READY,
        run_after=get_date_max(),
        worker_ids=[],
        started_at=None,
        finished_at=None,
        return_value=None,
    )
    return True


@transaction.atomic
def discard(task):
    """Delete a task that is not running (it will not run); False for a running one."""
    locked = BackgroundTask.objects.select_for_update().filter(pk=task.pk).first()
    if locked is None or locked.status == TaskResultStatus.RUNNING:
        return False
    locked.delete()
    return True


def is_alive(worker, now):
    return worker.seen_at >= now - timedelta(seconds=settings.NEWSROOM_TASK_LEASE_SECONDS)


@dataclass
class Health:
    """The task engine as monitoring sees it."""

    oldest_queued_seconds: int | None  # the longest a due task has waited, None: none wait
    queued: int
    running: int
    failed_last_day: int
    live_workers: int

    @property
    def is_stuck(self):
        """Due work has waited longer than NEWSROOM_TASKS_STUCK_SECONDS."""
        return (
            self.oldest_queued_seconds is not None
            and self.oldest_queued_seconds > settings.NEWSROOM_TASKS_STUCK_SECONDS
        )


def oldest_queued_seconds(now=None):
    """How long the longest-waiting due task has waited (None when none waits): one query.
    A task is due from its retry time, or from its enqueuing when it has none."""
    now = now or timezone.now()
    unscheduled = Q(run_after=get_date_max())
    oldest = BackgroundTask.objects.queued(now).aggregate(
        enqueued=Min("enqueued_at", filter=unscheduled), due=Min("run_after", filter=~unscheduled)
    )
    waiting_since = min(filter(None, oldest.values()), default=None)
    return None if waiting_since is None else max(0, int((now - waiting_since).total_seconds()))


def health(now=None):
    """Five small queries on the task table's indexes."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.NEWSROOM_TASK_LEASE_SECONDS)
    return Health(
        oldest_queued_seconds=oldest_queued_seconds(now),
        queued=BackgroundTask.objects.queued(now).count(),
        running=BackgroundTask.objects.filter(status=TaskResultStatus.RUNNING).count(),
        failed_last_day=BackgroundTask.objects.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - timedelta(days=1)
        ).count(),
        live_workers=Worker.objects.filter(seen_at__gte=now - lease).count(),
    )
