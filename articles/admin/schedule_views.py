"""The publishing schedule in the admin: what is due, what should be live and is not."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import scheduling, workflow


class ScheduleViews:
    """Mixed into ArticleAdmin: the schedule page and the workflow history on the form."""

    def schedule_urls(self):
        return [
            path(
                "schedule/",
                self.admin_site.admin_view(self.schedule_view),
                name="articles_article_schedule",
            )
        ]

    def schedule_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Publishing schedule",
            "opts": self.model._meta,
            "board": scheduling.board(),
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    def workflow_context(self, request, obj):
        steps = obj.status_changes.select_related("changed_by")[:50]
        return {
            "workflow_steps": [(step, describe(step)) for step in steps],
            "preview_url": None if obj.is_live else reverse("articles:preview", args=[obj.pk]),
        }


def describe(step):
    return workflow.describe(
        from_status=step.from_status,
        to_status=step.to_status,
        published_at=step.published_at,
        at=step.changed_at,
    )
