"""The worker: django-tasks-db's, with the three things a newsroom needs on top of it.

- **Retries**: a task that raises is run again after its Retry policy's wait (engine.py),
  until its attempts are spent; only then is it failed, with its error, for the Operations
  desk to see and re-run. The last error stays visible while it waits.
- **Leases**: each worker says it is alive every NEWSROOM_TASK_HEARTBEAT_SECONDS (a thread
  of its own, on its own database connection). A task held by a worker that has been silent
  for NEWSROOM_TASK_LEASE_SECONDS (killed, its machine gone) is run again by another: any
  worker's heartbeat thread looks for such tasks. So a task runs at least once, and once to
  completion, whatever happens to a worker.
- **Draining**: SIGTERM (systemd's stop) lets the running task finish, then exits.
"""

import logging
import os
import socket
import threading
from datetime import timedelta
from traceback import format_exception

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands import db_worker

from background.engine import TaskResultStatus, retry_policy
from background.models import BackgroundTask, Worker

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running a task stopped answering before the task finished."""


def record_failure(task, error, *, now=None, wait=True):
    """After a run that raised `error`: run again (after the policy's wait, with `wait`)
    while attempts are left, the error kept for the desk; else fail for good. Returns True
    if it will run again."""
    now = now or timezone.now()
    policy = retry_policy(task.task_path)
    attempts = len(task.worker_ids)
    if attempts >= policy.max_attempts:
        task.set_failed(error)
        logger.error(
            "Task %s (%s) failed for good after %d attempts", task.pk, task.task_path, attempts
        )
        return False
    task.status = TaskResultStatus.READY
    task.run_after = now + timedelta(seconds=policy.delay(attempts) if wait else 0)
    task.exception_class_path = f"{type(error).__module__}.{type(error).__qualname__}"
    task.traceback = "".join(format_exception(error))
    task.save(update_fields=["status", "run_after", "exception_class_path", "traceback"])
    logger.warning(
        "Task %s (%s) failed (attempt %d of %d); next at %s",
        task.pk, task.task_path, attempts, policy.max_attempts, task.run_after,
    )  # fmt: skip
    return True


def requeue_abandoned(*, now=None):
    """Tasks left running by a worker silent for the lease: run again (the lost run counts
    as an attempt) or, with none left, failed. Returns how many were found."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.NEWSROOM_TASK_LEASE_SECONDS)
    alive = set(Worker.objects.filter(seen_at__gte=now - lease).values_list("pk", flat=True))
    running = BackgroundTask.objects.filter(status=TaskResultStatus.RUNNING)
    found = 0
    for task in running.only("pk", "worker_ids"):
        holder = task.worker_ids[-1] if task.worker_ids else None
        if holder in alive:
            continue
        with transaction.atomic():
            task = (
                BackgroundTask.objects.select_for_update(skip_locked=True)
                .filter(pk=task.pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if task is None or (task.worker_ids[-1] if task.worker_ids else None) != holder:
                continue  # finished, or taken again, meanwhile
            found += 1
            # Not the task's fault, so no wait; it still counts, so a task that kills its
            # worker every time stops after its attempts.
            lost = WorkerLost(f"Worker {holder} stopped answering.")
            record_failure(task, lost, now=now, wait=False)
    # Workers silent for a day are not coming back.
    Worker.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return found


class NewsroomWorker(db_worker.Worker):
    """django-tasks-db's worker loop, with retries, a heartbeat and the lease check."""

    def run(self):
        Worker.objects.update_or_create(
            pk=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "queues": ",".join(self.queue_names)[:200],
                "started_at": timezone.now(),
                "seen_at": timezone.now(),
            },
        )
        stop = threading.Event()
        heart = threading.Thread(target=self._beat, args=(stop,), name="heartbeat", daemon=True)
        heart.start()
        try:
            super().run()
        finally:
            stop.set()
            heart.join(timeout=10)
            Worker.objects.filter(pk=self.worker_id).delete()

    def _beat(self, stop):
        interval = settings.NEWSROOM_TASK_HEARTBEAT_SECONDS
        try:
            while not stop.wait(interval):
                try:
                    Worker.objects.filter(pk=self.worker_id).update(seen_at=timezone.now())
                    requeue_abandoned()
                except DatabaseError:
                    logger.warning("Heartbeat not recorded; trying again", exc_info=True)
        finally:
            connection.close()

    def run_task(self, db_task_result):
        """Run one claimed task: success is recorded with its return value (a note when a
        sentence), a failure goes to record_failure()."""
        self.running_task = True
        try:
            task = db_task_result.task
            result = db_task_result.task_result
            backend = type(task.get_backend())
            task_started.send(sender=backend, task_result=result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
            # Inside the try: a return value that cannot be stored fails the run.
            db_task_result.set_successful(value)
            task_finished.send(sender=backend, task_result=db_task_result.task_result)
        except BaseException as error:  # SystemExit too: a second Ctrl-C mid-task
            record_failure(db_task_result, error)
            if not isinstance(error, Exception):
                raise
        finally:
            self.running_task = False
            self._run_tasks += 1


def run_due_tasks(*, worker_id="inline", quiet=False):
    """Run every due task in this process, one after another, as a worker would, and
    return how many ran: for the tests (inside their transaction, which the worker loop's
    connection checks would end) and for one-off commands (`quiet`: without a log line per
    task). No heartbeat: nothing else should be running these tasks meanwhile."""
    if quiet:
        logging.getLogger("django_tasks").setLevel(logging.WARNING)
    worker = NewsroomWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            task = BackgroundTask.objects.queued().select_for_update(skip_locked=True).first()
            if task is None:
                return ran
            task.claim(worker_id)
        worker.run_task(task)
        ran += 1
