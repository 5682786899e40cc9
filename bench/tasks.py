"""Background work: what the pledge request pays, and what the workers get through.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_taskbench \\
        .venv/bin/python bench/tasks.py [--pledges 200] [--tasks 2000] [--workers 1,2]

Against a scratch database with the demo loaded (migrate, seed_demo). A real SMTP server
(aiosmtpd) listens on a loopback port for the receipts. Prints:

- the pledge form's POST through Django's test client, in process: median and 90th
  percentile ms and the queries, with the receipt queued (or, on a tree from before the
  task engine, sent inside the request);
- enqueuing alone: one `send_receipt.enqueue()` in a transaction, in µs;
- worker throughput: `--tasks` receipts sent through the SMTP server by 1 and 2
  `manage.py worker --batch` processes, in tasks per second.

Never run by the tests. Writes pledges and tasks: a scratch database only.
"""

import argparse
import logging
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pledges", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()

    port = free_port()
    os.environ.update(
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        EMAIL_USE_TLS="0",
        NEWSROOM_PLEDGE_MIN_SECONDS="0",
        NEWSROOM_PLEDGES_PER_ADDRESS="1000000",
        NEWSROOM_PLEDGES_PER_EMAIL="1000000",
        DJANGO_ALLOWED_HOSTS="testserver",
    )
    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's every command

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Count.received += 1
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        import inprocess  # noqa: F401  (django.setup() on the environment's settings)

        pledge_request(args.pledges, Count)
        if has_task_engine():
            enqueue_cost()
            for workers in map(int, args.workers.split(",")):
                throughput(args.tasks, workers, Count)
    finally:
        controller.stop()


def has_task_engine():
    try:
        import background  # noqa: F401
    except ImportError:
        print("No task engine in this tree: receipts are sent inside the request.")
        return False
    return True


def pledge_request(count, inbox):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from donations.models import Campaign

    campaign = Campaign.objects.live().first()
    url = reverse("donations:pledge", args=[campaign.slug])
    client = Client()
    times, queries = [], []
    received_before = inbox.received
    for n in range(count):
        page = client.get(url).content.decode()
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        data = {
            "frequency": "monthly",
            "amount": "18",
            "donor_name": "Bench Reader",
            "email": f"bench-{time.time_ns()}-{n}@example.org",
            "token": token,
        }
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(url, data)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 303, response.status_code
        queries.append(len(captured))
    times.sort()
    print(
        f"pledge POST, {count} in process: median {statistics.median(times):.2f} ms, "
        f"p90 {times[int(len(times) * 0.9)]:.2f} ms, {max(queries)} queries; "
        f"receipts delivered during the requests: {inbox.received - received_before}"
    )


def enqueue_cost(repeat=500):
    from django.db import transaction

    from donations.models import Pledge
    from donations.tasks import send_receipt

    pledge = Pledge.objects.first()
    samples = []
    for _ in range(repeat):
        with transaction.atomic():
            started = time.perf_counter()
            send_receipt.enqueue(pledge.pk)
            samples.append((time.perf_counter() - started) * 1_000_000)
            transaction.set_rollback(True)
    print(f"enqueue one task inside a transaction: median {statistics.median(samples):.0f} µs")


def throughput(count, workers, inbox):
    from django.conf import settings

    from background.models import BackgroundTask
    from donations.models import Pledge
    from donations.tasks import send_receipt

    BackgroundTask.objects.all().delete()
    pledges = list(Pledge.objects.values_list("pk", flat=True)[:count])
    Pledge.objects.filter(pk__in=pledges).update(receipt_sent_at=None)
    for pk in pledges:
        send_receipt.enqueue(pk)
    received_before = inbox.received
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "worker",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0",
                "--verbosity",
                "0",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        for _ in range(workers)
    ]
    for process in processes:
        process.wait(timeout=600)
    seconds = time.perf_counter() - started
    done = BackgroundTask.objects.filter(status="SUCCESSFUL").count()
    print(
        f"{workers} worker process{'es' if workers > 1 else ''}: {done} receipts in "
        f"{seconds:.1f} s = {done / seconds:.0f} tasks/s "
        f"({inbox.received - received_before} delivered; database "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})"
    )


if __name__ == "__main__":
    main()
