"""Revisions in the admin: the list of a story's revisions, a comparison, restoring one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import restoring, revisions, workflow
from articles.models import Article

TEMPLATES = "admin/articles/article/"


class RevisionViews:
    """Mixed into ArticleAdmin: its URLs and what the change form shows of revisions."""

    revisions_per_page = 50

    def revision_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/revisions/",
                wrap(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:object_id>/revisions/compare/",
                wrap(self.revision_compare_view),
                name="articles_article_revision_compare",
            ),
            path(
                "<int:object_id>/revisions/<int:number>/restore/",
                wrap(self.revision_restore_view),
                name="articles_article_revision_restore",
            ),
        ]

    def revision_context(self, request, obj):
        return {
            "revision_count": obj.revisions.count(),
            "revisions_url": reverse("admin:articles_article_revisions", args=[obj.pk]),
        }

    def _revision_story(self, request, object_id):
        """The story, for a user allowed to see its revisions (403 before any lookup)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Article, pk=object_id)

    def _revision_page(self, request, article, template, title, **context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": title,
            "may_restore": workflow.can_edit(request.user, article),
            **context,
        }
        return TemplateResponse(
            request, TEMPLATES + template, context, status=context.get("status")
        )

    def revisions_view(self, request, object_id):
        article = self._revision_story(request, object_id)
        listed = article.revisions.select_related("created_by").defer("data")
        page = Paginator(listed, self.revisions_per_page).get_page(request.GET.get("p"))
        numbers = [revision.number for revision in page]
        return self._revision_page(
            request,
            article,
            "revision_list.html",
            f"Revisions of “{article}”",
            page=page,
            latest=numbers[0] if page.number == 1 and numbers else None,
            default_to=numbers[0] if numbers else None,
            default_from=numbers[1] if len(numbers) > 1 else None,
        )

    def revision_compare_view(self, request, object_id):
        article = self._revision_story(request, object_id)
        wanted = {side: request.GET.get(side, "").strip() for side in ("from", "to")}
        sides, problem, status = {}, None, None
        for side, value in wanted.items():
            if value == "current":
                sides[side] = None
            elif value.isascii() and value.isdigit():
                sides[side] = article.revisions.filter(number=int(value)).first()
                if sides[side] is None:
                    problem, status = f"This story has no revision {value}.", 404
            else:
                problem, status = "Choose two revisions to compare.", 400
        changes = []
        if problem is None:
            data = {
                side: rev.data if rev else revisions.snapshot(article)
                for side, rev in sides.items()
            }
            changes = revisions.compare(data["from"], data["to"])
        return self._revision_page(
            request,
            article,
            "revision_compare.html",
            f"Changes to “{article}”",
            older=sides.get("from"),
            newer=sides.get("to"),
            changes=changes,
            problem=problem,
            status=status,
        )

    def revision_restore_view(self, request, object_id, number):
        article = self._revision_story(request, object_id)
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied
        revision = get_object_or_404(article.revisions.select_related("created_by"), number=number)
        if request.method == "POST":
            plan = restoring.restore(revision=revision, by=request.user)
            self.log_change(request, article, f"Restored revision {number}.")
            self._report_restore(request, plan)
            return redirect("admin:articles_article_change", article.pk)
        return self._revision_page(
            request,
            article,
            "revision_restore.html",
            f"Restore revision {number} of “{article}”?",
            revision=revision,
            plan=restoring.plan_restore(revision),
        )

    def _report_restore(self, request, plan):
        number = plan.revision.number
        if not plan.changes:
            messages.info(
                request, f"The story already matched revision {number}; nothing changed."
            )
        else:
            messages.success(
                request,
                f"Restored revision {number}. Its status, publication time and address are "
                "unchanged; check the story and publish as usual.",
            )
        if plan.skipped:
            messages.warning(
                request,
                "Left out because they no longer exist: " + "; ".join(plan.skipped) + ".",
            )
