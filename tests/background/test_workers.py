"""Real worker processes (`manage.py worker`) against the test database: PostgreSQL only,
where several processes can claim tasks at once (SQLite's test database lives in memory)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from background.engine import TaskResultStatus
from background.models import BackgroundTask
from tests.background import sample_tasks

PROJECT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="several worker processes need PostgreSQL"
    ),
]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_worker(worker_id, *extra, output, **environment):
    """A worker process; what it prints goes to `output` (a pipe nobody reads would fill
    and stop it)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/"),
        "DATABASE_URL": database_url(),
        "NEWSROOM_TASK_HEARTBEAT_SECONDS": "0.2",
        **environment,
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay",
         "--interval", "0.1", "--worker-id", worker_id, *extra],
        cwd=PROJECT,
        env=env,
        stdout=output.open("a"),
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


def lines(path):
    return path.read_text().splitlines() if path.exists() else []


def test_two_workers_drain_a_thousand_tasks_each_run_exactly_once(tmp_path):
    log = tmp_path / "runs"
    for number in range(1000):
        sample_tasks.record.enqueue(str(log), number)
    output = tmp_path / "workers.log"
    workers = [start_worker(name, "--batch", output=output) for name in ("left", "right")]
    try:
        for worker in workers:
            worker.wait(timeout=300)
    finally:
        for worker in workers:
            worker.kill()
    assert [worker.returncode for worker in workers] == [0, 0], output.read_text()[-3000:]
    runs = lines(log)
    assert sorted(map(int, runs)) == list(range(1000))  # each once, none lost
    tasks = BackgroundTask.objects.all()
    assert set(tasks.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    by_worker = dict.fromkeys(("left", "right"), 0)
    for ids in tasks.values_list("worker_ids", flat=True):
        assert len(ids) == 1
        by_worker[ids[0]] += 1
    assert all(count > 0 for count in by_worker.values()), by_worker


def test_a_task_whose_worker_is_killed_runs_again_once_to_completion(tmp_path):
    log = tmp_path / "runs"
    sample_tasks.slow.enqueue(str(log), 2)
    lease = {"NEWSROOM_TASK_LEASE_SECONDS": "1"}
    output = tmp_path / "workers.log"
    doomed = start_worker("doomed", output=output, **lease)
    try:
        wait_for(lambda: lines(log) == ["started"], 30, "the first worker to start the task")
        doomed.send_signal(signal.SIGKILL)  # mid-task, no goodbye
        doomed.wait(timeout=10)
        survivor = start_worker("survivor", output=output, **lease)
        try:
            wait_for(lambda: "finished" in lines(log), 60, "the task to finish elsewhere")
            survivor.send_signal(signal.SIGTERM)  # a drain: exits between tasks
            assert survivor.wait(timeout=30) == 0
        finally:
            survivor.kill()
    finally:
        doomed.kill()
    assert lines(log) == ["started", "started", "finished"]
    task = BackgroundTask.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["doomed", "survivor"]
    assert task.exception_class_path == ""
