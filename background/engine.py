"""Our side of Django's Tasks API: the one place it is imported from, and how patiently
each task's failures are tried again.

On Django 5.2 the API is the django-tasks backport; on Django 6 it is `django.tasks`, and
only this module changes. Tasks are stored by django-tasks-db in the default database, so a
task enqueued inside a transaction is written with it: it never runs if the transaction
rolls back, and is never lost once it commits. Workers (`manage.py worker`, background/
worker.py) run them, each at least once: every task must be safe to run twice.
"""

from dataclasses import dataclass

try:  # Django 6
    from django.tasks import TaskResultStatus
    from django.tasks import task as django_task
except ImportError:  # Django 5.2: the backport
    from django_tasks import TaskResultStatus
    from django_tasks import task as django_task

__all__ = ["Retry", "TaskResultStatus", "retry_policy", "task"]


@dataclass(frozen=True)
class Retry:
    """How a task's failures are tried again: up to `max_attempts` runs in all, waiting
    `first_delay` seconds after the first failure and `factor` times longer after each
    next one, never more than `longest`."""

    max_attempts: int = 5
    first_delay: float = 10
    factor: float = 3
    longest: float = 60 * 60

    def delay(self, attempts):
        """Seconds to wait after `attempts` runs have failed."""
        return min(self.longest, self.first_delay * self.factor ** max(0, attempts - 1))


DEFAULT_RETRY = Retry()
_policies = {}


def task(*, retry=DEFAULT_RETRY, **options):
    """Django's `@task()` (priority, queue_name, backend...), with the task's Retry policy.

    A task takes ids, not rows (the row may change or go before it runs), looks them up,
    and returns a note instead of failing when what it was asked to do no longer makes
    sense: a failure is retried, a note is not."""

    def register(function):
        registered = django_task(**options)(function)
        _policies[registered.module_path] = retry
        return registered

    return register


def retry_policy(task_path):
    """The Retry policy of the task at `task_path` (its module is imported by then)."""
    return _policies.get(task_path, DEFAULT_RETRY)
