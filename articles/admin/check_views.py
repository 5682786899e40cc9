"""The newsroom checks in the admin: the panel, and its one-click fixes (link a named
record, remove boilerplate paragraphs, update a stale title)."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles import check_fixes, newsroom_checks, workflow
from articles.check_findings import grouped
from articles.models import Article, Organisation, Person, Place, Role

PANEL_ANCHOR = "#newsroom-checks"
# What the buttons of the panel post to, by Offer.action.
ACTIONS = {"link": "link", "remove": "remove-paragraphs", "retitle": "retitle"}


class LinkForm(forms.Form):
    """What a link button sends: the kind of record and its id; cleans to the record."""

    KINDS = {"person": Person, "organisation": Organisation, "place": Place}

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in KINDS])
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


class RemoveParagraphsForm(forms.Form):
    """Which paragraphs (their places in the body) and the first one's text as checked."""

    paragraphs = forms.RegexField(regex=r"^\d{1,4}(,\d{1,4}){0,200}$")
    text = forms.CharField(max_length=400, strip=False)

    def clean_paragraphs(self):
        return sorted({int(index) for index in self.cleaned_data["paragraphs"].split(",")})


class RetitleForm(forms.Form):
    """The stale role and the role of the day, both the same person's."""

    old = forms.ModelChoiceField(Role.objects.select_related("person"))
    new = forms.ModelChoiceField(Role.objects.all())


class CheckViews:
    """Mixed into ArticleAdmin: its URLs and what the change form shows of the checks."""

    def check_urls(self):
        info = self.opts.app_label, self.opts.model_name
        views = {"link": self.link_view, "remove-paragraphs": self.remove_view}
        views["retitle"] = self.retitle_view
        return [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(require_POST(view)),
                name="{}_{}_{}".format(*info, name.replace("-", "_")),
            )
            for name, view in views.items()
        ]

    def check_context(self, request, obj):
        findings = newsroom_checks.run(obj)
        urls = {
            action: reverse(f"admin:articles_article_{name.replace('-', '_')}", args=[obj.pk])
            for action, name in ACTIONS.items()
        }
        return {
            "newsroom_checks": findings,
            "newsroom_checks_groups": grouped(findings),
            "newsroom_checks_summary": newsroom_checks.summary(findings, status=obj.status),
            "newsroom_checks_can_link": workflow.can_edit(request.user, obj),
            "newsroom_checks_link_url": urls["link"],
            "newsroom_checks_urls": urls,
        }

    def warn_after_save(self, request, obj):
        """After a save, say what the checks found, once. The change form shows them in its
        panel, so a save that stays on the form says only how many (listing them in the
        message as well printed every finding twice); one that leaves it lists them."""
        findings = newsroom_checks.run(obj)
        if not findings:
            return
        count = newsroom_checks.summary(findings, status=obj.status)
        if "_continue" in request.POST or "_saveasnew" in request.POST:
            listed = "see Newsroom checks above the form."
        else:
            listed = " ".join(finding.message for finding in findings)
        if obj.status == Article.Status.PUBLISHED:
            # “Published with …” or “Scheduled with …”.
            messages.warning(request, f"{obj.state_label} with {count}: {listed}")
        else:
            messages.warning(request, f"Saved. {count}: {listed}")

    def _fixable(self, request, object_id):
        """The story and where to go back to; None, redirect when it is gone."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied
        back = reverse("admin:articles_article_change", args=[article.pk]) + PANEL_ANCHOR
        return article, HttpResponseRedirect(back)

    def link_view(self, request, object_id):
        """Link a person, organisation or place the checks named to the story."""
        article, back = self._fixable(request, object_id)
        if article is None:
            return back
        form = LinkForm(request.POST)
        if not form.is_valid():
            reason = form.non_field_errors() or [
                "the request did not say which person or place to link."
            ]
            messages.error(request, f"Nothing was linked: {reason[0]}")
            return back
        record = form.cleaned_data["record"]
        if check_fixes.link_record(article=article, record=record, by=request.user):
            self.log_change(request, article, f"Linked {record.name} from the newsroom checks.")
            messages.success(request, f"Linked {record.name} to this story.")
        else:
            messages.info(request, f"{record.name} was already linked to this story.")
        return back

    def remove_view(self, request, object_id):
        """Remove the boilerplate paragraphs a finding named from the story's body."""
        article, back = self._fixable(request, object_id)
        if article is None:
            return back
        form = RemoveParagraphsForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Nothing was removed: the request did not say what.")
            return back
        try:
            count = check_fixes.remove_paragraphs(
                article=article,
                indexes=form.cleaned_data["paragraphs"],
                first_text=form.cleaned_data["text"],
                by=request.user,
            )
        except check_fixes.StaleFix as error:
            messages.error(request, f"Nothing was removed: {error}. Look again below.")
            return back
        said = f"Removed {count} boilerplate paragraph{'s' if count != 1 else ''}"
        self.log_change(request, article, f"{said} from the newsroom checks.")
        messages.success(request, f"{said} from the story.")
        return back

    def retitle_view(self, request, object_id):
        """Replace a stale title with the person's title of the story's day."""
        article, back = self._fixable(request, object_id)
        if article is None:
            return back
        form = RetitleForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Nothing was changed: the request did not say which title.")
            return back
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
        try:
            check_fixes.retitle(article=article, old=old, new=new, by=request.user)
        except check_fixes.StaleFix as error:
            messages.error(request, f"Nothing was changed: {error}.")
            return back
        said = f"Changed “{old.title}” to “{new.title}”"
        self.log_change(request, article, f"{said} from the newsroom checks.")
        messages.success(request, format_html("{} in the story.", said))
        return back
