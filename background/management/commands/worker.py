import os

from django_tasks_db.management.commands import db_worker

from background.worker import NewsroomWorker


class Command(db_worker.Command):
    help = (
        "Run background tasks: retried with backoff, run again when a worker dies "
        "(background/worker.py). Any number may run, on any number of machines; SIGTERM "
        "lets the running task finish first."
    )

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, **options):  # fmt: skip
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        worker = NewsroomWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload and not batch:
            if os.environ.get(db_worker.DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # in the reloaded child only
            db_worker.run_with_reloader(worker.run)
            return
        worker.configure_signals()
        worker.run()
