"""The worker processes alive now, and the tasks as the Operations desk sees them."""

from django.db import models
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from background.engine import TaskResultStatus, retry_policy


class Worker(models.Model):
    """A worker process: it says it is alive every NEWSROOM_TASK_HEARTBEAT_SECONDS. A task
    held by a worker silent for NEWSROOM_TASK_LEASE_SECONDS is run again elsewhere."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    queues = models.CharField(max_length=200)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["hostname", "pid"]

    def __str__(self):
        return f"{self.hostname} pid {self.pid}"


class BackgroundTaskQuerySet(models.QuerySet):
    def queued(self, at=None):
        """Waiting to run and due (a retry's wait over)."""
        at = at or timezone.now()
        return self.filter(status=TaskResultStatus.READY).filter(
            models.Q(run_after=get_date_max()) | models.Q(run_after__lte=at)
        )

    def retrying(self, at=None):
        """Failed at least once and waiting before the next attempt."""
        at = at or timezone.now()
        return self.filter(status=TaskResultStatus.READY, run_after__gt=at).exclude(
            run_after=get_date_max()
        )


class BackgroundTask(DBTaskResult):
    """A task as stored by django-tasks-db, with what the Operations desk reads of it."""

    objects = BackgroundTaskQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = "background task"
        permissions = [("operate_tasks", "Can see, re-run and discard background tasks")]

    def __str__(self):
        return f"{self.label} ({self.pk})"

    @property
    def label(self):
        """The task as the desk says it: send_receipt → "Send receipt"."""
        return self.task_name.replace("_", " ").capitalize()

    @property
    def attempts(self):
        """Runs started so far: each worker that claimed it is listed once per claim."""
        return len(self.worker_ids)

    @property
    def max_attempts(self):
        return retry_policy(self.task_path).max_attempts

    @property
    def is_waiting_to_retry(self):
        return (
            self.status == TaskResultStatus.READY
            and self.run_after != get_date_max()
            and self.run_after > timezone.now()
        )

    @property
    def note(self):
        """What the task said when it ended quietly (its return value, when a sentence)."""
        return self.return_value if isinstance(self.return_value, str) else ""
