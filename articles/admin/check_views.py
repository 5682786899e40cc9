"""The newsroom checks in the admin: the warning panel and linking a named person or place."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles import newsroom_checks, workflow
from articles.models import Article, Person, Place

PANEL_ANCHOR = "#newsroom-checks"


class LinkForm(forms.Form):
    """What a link button sends: the kind of record and its id; cleans to the record."""

    KINDS = {"person": Person, "place": Place}

    kind = forms.ChoiceField(choices=[("person", "person"), ("place", "place")])
    pk = forms.IntegerField(min_value=1)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        model = self.KINDS[cleaned["kind"]]
        cleaned["record"] = model.objects.filter(pk=cleaned["pk"]).first()
        if cleaned["record"] is None:
            raise forms.ValidationError(
                f"that {cleaned['kind']} is not in our records (it may have been deleted).",
                code="unknown_record",
            )
        return cleaned


class CheckViews:
    """Mixed into ArticleAdmin: its URLs and what the change form shows of the checks."""

    def check_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/link/",
                self.admin_site.admin_view(require_POST(self.link_view)),
                name="{}_{}_link".format(*info),
            ),
        ]

    def check_context(self, request, obj):
        findings = newsroom_checks.run(obj)
        return {
            "newsroom_checks": findings,
            "newsroom_checks_summary": newsroom_checks.summary(findings, status=obj.status),
            "newsroom_checks_can_link": workflow.can_edit(request.user, obj),
            "newsroom_checks_link_url": reverse("admin:articles_article_link", args=[obj.pk]),
        }

    def warn_after_save(self, request, obj):
        """After a save, tell the user what the checks found (an editor may still publish)."""
        findings = newsroom_checks.run(obj)
        if not findings:
            return
        count = newsroom_checks.summary(findings, status=obj.status)
        listed = " ".join(finding.message for finding in findings)
        if obj.status == Article.Status.PUBLISHED:
            # “Published with …” or “Scheduled with …”.
            messages.warning(request, f"{obj.state_label} with {count}: {listed}")
        else:
            messages.warning(request, f"Saved. {count}: {listed}")

    def link_view(self, request, object_id):
        """Link a person or place the checks named to the story, then back to the form."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied
        back = reverse("admin:articles_article_change", args=[article.pk]) + PANEL_ANCHOR
        form = LinkForm(request.POST)
        if not form.is_valid():
            reason = form.non_field_errors() or [
                "the request did not say which person or place to link."
            ]
            messages.error(request, f"Nothing was linked: {reason[0]}")
            return HttpResponseRedirect(back)
        record = form.cleaned_data["record"]
        if newsroom_checks.link_record(article=article, record=record, by=request.user):
            self.log_change(request, article, f"Linked {record.name} from the newsroom checks.")
            messages.success(request, f"Linked {record.name} to this story.")
        else:
            messages.info(request, f"{record.name} was already linked to this story.")
        return HttpResponseRedirect(back)
