"""The Operations desk: every background task, queued, waiting to retry, running, failed or
finished, with each failure's traceback, and buttons to run a task again or discard it.

Superusers and holders of `background.operate_tasks` (the Operations group) only: tasks
carry ids of donors' pledges and the errors that mention them.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from django_tasks_db.models import DBTaskResult

from background import operations
from background.engine import TaskResultStatus
from background.models import BackgroundTask, Worker

OPERATE = "background.operate_tasks"

# django-tasks-db's own read-only list is replaced by this one.
admin.site.unregister(DBTaskResult)


class OperationsOnly:
    """Seen by superusers and the Operations group, changed only through the buttons."""

    def has_module_permission(self, request):
        return request.user.has_perm(OPERATE)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(OPERATE)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("queued", "Queued"),
            ("retrying", "Waiting to retry"),
            ("running", "Running"),
            ("failed", "Failed"),
            ("finished", "Finished"),
        ]

    def queryset(self, request, queryset):
        return {
            "queued": lambda: queryset.queued(),
            "retrying": lambda: queryset.retrying(),
            "running": lambda: queryset.filter(status=TaskResultStatus.RUNNING),
            "failed": lambda: queryset.filter(status=TaskResultStatus.FAILED),
            "finished": lambda: queryset.filter(status=TaskResultStatus.SUCCESSFUL),
        }.get(self.value(), lambda: queryset)()


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(OperationsOnly, admin.ModelAdmin):
    list_display = ["label", "state", "attempts_display", "enqueued", "last_word"]
    list_filter = [StateFilter]
    search_fields = ["=id", "task_path"]
    ordering = ["-enqueued_at"]
    list_per_page = 50
    show_full_result_count = False
    actions = ["run_again_selected", "discard_selected"]
    fields = [
        "label", "state", "attempts_display", "task_path", "arguments", "queue_name",
        "priority", "enqueued_at", "started_at", "finished_at", "next_attempt", "workers",
        "last_word", "failure",
    ]  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/background/backgroundtask/change_form.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="task")
    def label(self, task):
        return task.label

    @admin.display(description="enqueued", ordering="enqueued_at")
    def enqueued(self, task):
        return date_format(timezone.localtime(task.enqueued_at), "j M H:i:s")

    @admin.display(description="state")
    def state(self, task):
        if task.is_waiting_to_retry:
            return "Waiting to retry"
        return {
            TaskResultStatus.READY: "Queued",
            TaskResultStatus.RUNNING: "Running",
            TaskResultStatus.FAILED: "Failed",
            TaskResultStatus.SUCCESSFUL: "Finished",
        }.get(task.status, task.status)

    @admin.display(description="attempts")
    def attempts_display(self, task):
        return f"{task.attempts} of {task.max_attempts}"

    @admin.display(description="arguments")
    def arguments(self, task):
        return format_html("<code>{}</code>", task.args_kwargs)

    @admin.display(description="next attempt")
    def next_attempt(self, task):
        return task.run_after if task.is_waiting_to_retry else "—"

    @admin.display(description="workers")
    def workers(self, task):
        return ", ".join(task.worker_ids) or "—"

    @admin.display(description="error or note")
    def last_word(self, task):
        if task.exception_class_path:
            return task.exception_class_path.rsplit(".", 1)[-1]
        return task.note or "—"

    @admin.display(description="traceback")
    def failure(self, task):
        return (
            format_html('<pre class="task-traceback">{}</pre>', task.traceback)
            if task.traceback
            else "—"
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/run-again/", wrap(require_POST(self.run_again_view)),
                 name="background_backgroundtask_run_again"),
            path("<path:object_id>/discard/", wrap(require_POST(self.discard_view)),
                 name="background_backgroundtask_discard"),
            *super().get_urls(),
        ]  # fmt: skip

    def run_again_view(self, request, object_id):
        if not request.user.has_perm(OPERATE):
            raise PermissionDenied
        task = get_object_or_404(BackgroundTask, pk=object_id)
        if operations.run_again(task):
            self.message_user(request, f"{task.label} will run again shortly.")
        else:
            self.message_user(
                request, "Only a failed or finished task can run again.", messages.ERROR
            )
        return redirect(reverse("admin:background_backgroundtask_change", args=[task.pk]))

    def discard_view(self, request, object_id):
        if not request.user.has_perm(OPERATE):
            raise PermissionDenied
        task = get_object_or_404(BackgroundTask, pk=object_id)
        if operations.discard(task):
            self.message_user(request, f"{task.label} was discarded.")
            return redirect(reverse("admin:background_backgroundtask_changelist"))
        self.message_user(request, "A running task cannot be discarded.", messages.ERROR)
        return redirect(reverse("admin:background_backgroundtask_change", args=[task.pk]))

    @admin.action(description="Run the selected tasks again")
    def run_again_selected(self, request, queryset):
        done = sum(operations.run_again(task) for task in queryset)
        self.message_user(request, f"{done} task{'s' if done != 1 else ''} will run again.")

    @admin.action(description="Discard the selected tasks")
    def discard_selected(self, request, queryset):
        done = sum(operations.discard(task) for task in queryset)
        self.message_user(request, f"{done} task{'s' if done != 1 else ''} discarded.")

    def get_actions(self, request):
        # Actions are offered to whoever may operate, though no one may "change" a task.
        actions = super().get_actions(request)
        return actions if request.user.has_perm(OPERATE) else {}


@admin.register(Worker)
class WorkerAdmin(OperationsOnly, admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "queues", "started_at", "seen_at", "alive"]

    @admin.display(boolean=True)
    def alive(self, worker):
        return operations.is_alive(worker, timezone.now())
