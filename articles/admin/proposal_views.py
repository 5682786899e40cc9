"""Proposed changes in the admin: saving a published story as changes that wait, and the
page where an editor compares them with the live story and publishes or sends them back."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles import proposals, revisions, workflow
from articles.models import Article, Correction


class DecisionForm(forms.Form):
    note = forms.CharField(
        label="Note to the writer",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        help_text="Kept in the story's workflow history. Say why when sending changes back.",
    )


class ProposalViews:
    """Mixed into ArticleAdmin: proposing on save, and the review page."""

    def proposal_urls(self):
        return [
            path(
                "<int:object_id>/changes/",
                self.admin_site.admin_view(self.proposal_view),
                name="articles_article_proposal",
            )
        ]

    def proposal_context(self, request, obj):
        waiting = proposals.waiting_for(obj)
        return {
            "waiting_proposal": waiting,
            "proposal_url": reverse("admin:articles_article_proposal", args=[obj.pk]),
            "proposing_only": proposals.must_propose(request.user, obj),
        }

    def save_proposal(self, request, form, formsets):
        """The story and its inlines are saved (save_model began a savepoint): read them
        back, undo the save, and keep what was read as changes waiting for an editor."""
        form.save_m2m()
        later = []
        for formset in formsets:
            if formset.model is Correction:
                later.append(formset)  # notes are not proposed; an editor's go live
            else:
                self.save_formset(request, form, formset, change=True)
        data = revisions.snapshot(form.instance)
        transaction.savepoint_rollback(form.proposal_savepoint)
        story = Article.objects.get(pk=form.instance.pk)
        for formset in later:
            self.save_formset(request, form, formset, change=True)
        note = form.cleaned_data.get("workflow_note", "").strip()
        form.instance.proposed_revision = proposals.propose(
            article=story, data=data, by=request.user, note=note
        )

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form, "proposing", False):
            return "Proposed changes for an editor to publish."
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if not hasattr(obj, "proposed_revision"):
            return super().response_change(request, obj)
        proposal = obj.proposed_revision
        if proposal is None:
            messages.info(request, "Nothing was changed, so no changes wait for an editor.")
            return redirect("admin:articles_article_change", obj.pk)
        messages.success(
            request,
            "Your changes wait for an editor (revision "
            f"{proposal.number}). Readers see the published version until one publishes them.",
        )
        return redirect("admin:articles_article_change", obj.pk)

    def proposal_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=object_id)
        proposal = proposals.waiting_for(article)
        may_decide = workflow.can_publish(request.user)
        form = DecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            if proposal is None:
                messages.info(request, "No changes wait for this story any more.")
                return redirect("admin:articles_article_change", article.pk)
            if form.is_valid():
                return self._decide(request, article, proposal, form.cleaned_data["note"])
        current = revisions.snapshot(article)
        return TemplateResponse(
            request,
            "admin/articles/article/proposal.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": f"Changes waiting for “{article}”",
                "proposal": proposal,
                "changes": revisions.compare(current, proposal.data) if proposal else [],
                "may_decide": may_decide,
                "form": form,
            },
        )

    def _decide(self, request, article, proposal, note):
        try:
            if "send_back" in request.POST:
                proposals.send_back(proposal=proposal, by=request.user, note=note)
                messages.success(request, "Sent the changes back; the live story is unchanged.")
                self.log_change(request, article, f"Sent back revision {proposal.number}.")
            else:
                proposals.publish(proposal=proposal, by=request.user, note=note)
                messages.success(request, "Published the changes: readers see them now.")
                self.log_change(request, article, f"Published revision {proposal.number}.")
        except proposals.AlreadyDecided as decided:
            messages.warning(request, f"Someone decided first: these changes are {decided}.")
        return redirect("admin:articles_article_change", article.pk)
