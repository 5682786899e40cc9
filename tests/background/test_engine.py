"""The task engine through what people touch: a pledge's receipt, a failing task retried
and then shown as failed, the Operations desk's buttons, /healthz and check_tasks."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Image
from background.engine import TaskResultStatus
from background.models import BackgroundTask, Worker
from background.worker import requeue_abandoned
from donations import pledges
from donations.tasks import send_receipt
from tests.background import sample_tasks
from tests.factories import ROLES, login, make_campaign, make_image, make_pledge

pytestmark = pytest.mark.django_db


def task_url(task, action=""):
    if action:
        return reverse(f"admin:background_backgroundtask_{action}", args=[task.pk])
    return reverse("admin:background_backgroundtask_change", args=[task.pk])


# Enqueued with the transaction ------------------------------------------------------------


def test_a_rolled_back_transaction_enqueues_nothing():
    campaign = make_campaign()
    with pytest.raises(RuntimeError), transaction.atomic():
        pledges.record_pledge(
            campaign=campaign, amount=18, frequency="monthly", donor_name="J", email="j@x.org"
        )
        raise RuntimeError("the request failed after the pledge was written")
    assert not BackgroundTask.objects.exists()


def test_a_committed_pledge_has_its_receipt_queued(mailoutbox, run_tasks):
    campaign = make_campaign()
    pledge, _ = pledges.record_pledge(
        campaign=campaign, amount=18, frequency="monthly", donor_name="J", email="j@x.org"
    )
    task = BackgroundTask.objects.get()
    assert (task.task_path, task.status) == ("donations.tasks.send_receipt", "READY")
    assert run_tasks() == 1
    assert [m.to for m in mailoutbox] == [["j@x.org"]]
    pledge.refresh_from_db()
    assert pledge.receipt_sent_at is not None


# Tasks whose work no longer makes sense end quietly -----------------------------------------


def test_a_receipt_for_an_erased_donor_ends_with_a_note(mailoutbox, run_tasks):
    pledge = make_pledge(email="gone@example.org")
    send_receipt.enqueue(pledge.pk)
    pledges.erase_donor(email="gone@example.org")
    assert run_tasks() == 1
    task = BackgroundTask.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.note == "The donor was erased; no receipt sent."
    assert mailoutbox == []


def test_a_receipt_for_a_deleted_pledge_ends_with_a_note(run_tasks):
    pledge = make_pledge()
    send_receipt.enqueue(pledge.pk)
    pledge.delete()
    run_tasks()
    assert BackgroundTask.objects.get().note == "The pledge no longer exists; no receipt sent."


def test_renditions_of_a_deleted_picture_end_with_a_note(run_tasks):
    image = make_image(renditions=False)
    Image.objects.filter(pk=image.pk).delete()
    run_tasks()
    task = BackgroundTask.objects.get()
    assert (task.status, task.note) == (
        "SUCCESSFUL",
        "The picture was deleted; nothing to render.",
    )


# Failures: retried with backoff, then failed for the desk ----------------------------------


def test_a_failing_task_is_retried_with_backoff_then_failed(tmp_path, run_tasks):
    log = tmp_path / "runs"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sample_tasks.always_fails.enqueue(str(log))
        assert run_tasks() == 1
        task = BackgroundTask.objects.get()
        assert task.status == "READY" and task.is_waiting_to_retry
        assert task.run_after == start + timedelta(seconds=10)
        assert task.exception_class_path == "builtins.RuntimeError"  # kept while it waits
        assert run_tasks() == 0  # not due yet
    with time_machine.travel(start + timedelta(seconds=11), tick=False):
        assert run_tasks() == 1
        assert BackgroundTask.objects.get().run_after == start + timedelta(seconds=41)
    with time_machine.travel(start + timedelta(seconds=42), tick=False):
        assert run_tasks() == 1
    task = BackgroundTask.objects.get()
    assert task.status == TaskResultStatus.FAILED
    assert task.attempts == 3
    assert "the mail server said no" in task.traceback
    assert log.read_text().splitlines() == ["ran"] * 3


def test_a_failed_task_shows_in_the_desk_and_runs_again_from_its_button(
    client, tmp_path, run_tasks
):
    log = tmp_path / "runs"
    start = timezone.now()
    sample_tasks.always_fails.enqueue(str(log))
    for seconds in (0, 11, 42):
        with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
            run_tasks()
    task = BackgroundTask.objects.get()
    login(client, "operations")
    failed = client.get(reverse("admin:background_backgroundtask_changelist") + "?state=failed")
    assert "Always fails" in failed.content.decode()
    page = client.get(task_url(task)).content.decode()
    assert "Failed" in page and "3 of 3" in page
    assert "RuntimeError: the mail server said no" in page
    assert "Run again" in page

    response = client.post(task_url(task, "run_again"))
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.attempts) == ("READY", 0)
    assert run_tasks() == 1
    assert log.read_text().splitlines() == ["ran"] * 4


def test_discard_removes_a_task_that_will_not_run(client, tmp_path):
    task = sample_tasks.record.enqueue(str(tmp_path / "log"), 1)
    login(client, "operations")
    response = client.post(task_url(BackgroundTask.objects.get(pk=task.id), "discard"))
    assert response.status_code == 302
    assert not BackgroundTask.objects.exists()


def test_a_running_task_can_be_neither_discarded_nor_run_again(client, tmp_path):
    sample_tasks.record.enqueue(str(tmp_path / "log"), 1)
    BackgroundTask.objects.update(status=TaskResultStatus.RUNNING, worker_ids=["w1"])
    task = BackgroundTask.objects.get()
    login(client, "operations")
    client.post(task_url(task, "discard"))
    client.post(task_url(task, "run_again"))
    assert BackgroundTask.objects.get().status == TaskResultStatus.RUNNING


# A worker that died -------------------------------------------------------------------------


def test_a_task_held_by_a_silent_worker_runs_again(tmp_path, run_tasks, settings):
    settings.NEWSROOM_TASK_LEASE_SECONDS = 60
    sample_tasks.record.enqueue(str(tmp_path / "log"), 7)
    Worker.objects.create(worker_id="dead", hostname="h", pid=1, queues="*")
    Worker.objects.create(worker_id="alive", hostname="h", pid=2, queues="*")
    BackgroundTask.objects.update(status=TaskResultStatus.RUNNING, worker_ids=["dead"])
    later = timezone.now() + timedelta(seconds=61)
    Worker.objects.filter(pk="alive").update(seen_at=later)
    with time_machine.travel(later, tick=False):
        assert requeue_abandoned() == 1
        task = BackgroundTask.objects.get()
        assert task.status == "READY"
        assert task.exception_class_path == "background.worker.WorkerLost"
        assert run_tasks() == 1
    task.refresh_from_db()
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["dead", "inline"])
    assert (tmp_path / "log").read_text() == "7\n"


def test_a_task_held_by_a_live_worker_is_left_alone(tmp_path):
    sample_tasks.record.enqueue(str(tmp_path / "log"), 7)
    Worker.objects.create(worker_id="busy", hostname="h", pid=1, queues="*")
    BackgroundTask.objects.update(status=TaskResultStatus.RUNNING, worker_ids=["busy"])
    assert requeue_abandoned() == 0
    assert BackgroundTask.objects.get().status == TaskResultStatus.RUNNING


# Who sees the desk --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    list(zip([*ROLES, "operations"], [302, 403, 403, 403, 200, 200], strict=True)),
)
def test_only_operations_and_superusers_see_the_tasks(client, role, status, tmp_path):
    sample_tasks.record.enqueue(str(tmp_path / "log"), 1)
    task = BackgroundTask.objects.get()
    login(client, role)
    assert client.get(reverse("admin:background_backgroundtask_changelist")).status_code == status
    assert client.get(task_url(task)).status_code == status
    refused = client.post(task_url(task, "discard"))
    assert refused.status_code == (302 if status == 200 else status)
    assert BackgroundTask.objects.exists() is (status != 200)


def test_the_task_list_costs_the_same_queries_for_many_tasks(
    client, tmp_path, django_assert_max_num_queries
):
    for n in range(30):
        sample_tasks.record.enqueue(str(tmp_path / "log"), n)
    login(client, "operations")
    url = reverse("admin:background_backgroundtask_changelist")
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count(">Record<") == 30


# Monitoring -------------------------------------------------------------------------------


def test_healthz_says_how_long_the_oldest_task_has_waited(client, tmp_path):
    assert client.get(reverse("healthz")).content.decode() == "ok\ntasks: none waiting\n"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sample_tasks.record.enqueue(str(tmp_path / "log"), 1)
    with time_machine.travel(start + timedelta(seconds=90), tick=False):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content.decode() == "ok\ntasks: oldest waiting 90 s\n"


def test_check_tasks_exits_1_when_work_is_stuck(tmp_path, settings, capsys):
    settings.NEWSROOM_TASKS_STUCK_SECONDS = 300
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sample_tasks.record.enqueue(str(tmp_path / "log"), 1)
    with time_machine.travel(start + timedelta(seconds=200), tick=False):
        call_command("check_tasks")  # waiting, not yet stuck
    with (
        time_machine.travel(start + timedelta(seconds=301), tick=False),
        pytest.raises(SystemExit) as exit,
    ):
        call_command("check_tasks")
    assert exit.value.code == 1
    assert "Work is stuck: a task has waited 301 s" in capsys.readouterr().err
