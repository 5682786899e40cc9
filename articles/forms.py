from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.utils import timezone

from articles import edit_conflicts, images, proposals, workflow
from articles.models import Article, Image


class ImageUploadField(forms.FileField):
    """A picture upload checked by articles/images.py, with its messages, not Pillow's."""

    widget = AdminFileWidget

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial:
            images.open_checked(file)
        return file


class ImageAdminForm(forms.ModelForm):
    file = ImageUploadField(
        label="Picture",
        help_text=f"{images.ACCEPTED_LABEL}. Location and camera data are removed on upload.",
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]


class EditBaseField(forms.CharField):
    """Where an edit started from: never a change to the story itself."""

    def has_changed(self, initial, data):
        return False


class HttpsURLField(forms.URLField):
    """An address typed without its scheme is taken as https:// (Django 6's default, said
    now so Django 5.2 does not warn on every form)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class ArticleAdminForm(forms.ModelForm):
    """The story form; `user` is set by ArticleAdmin so the workflow rules can apply."""

    user = None

    workflow_note = forms.CharField(
        label="Note with this step",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        help_text="For the desk: what to check, why it goes back, when it should run. "
        "Kept in the story's workflow history.",
    )
    propose_changes = forms.BooleanField(
        label="Propose these changes for another editor to publish",
        required=False,
        help_text="Readers keep seeing the published version until an editor publishes the "
        "changes from the publishing schedule.",
    )
    # When the story was last saved as this form was opened (edit_conflicts.edit_base); a save
    # after someone else's is stopped and shown their changes. Rendered by conflict.html.
    edit_base = EditBaseField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Article
        fields = [
            "headline",
            "dek",
            "body",
            "section",
            "tags",
            "lead_image",
            "dateline",
            "source",
            "source_url",
            "source_published_at",
            "people",
            "organisations",
            "places",
            "has_appeal",
            "status",
            "published_at",
            "embargo_until",
            "slug",
        ]
        field_classes = {"source_url": HttpsURLField}
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField headline-input"}),
            "dek": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read before the form writes its values into the instance.
        story = self.instance if self.instance.pk is not None else None
        self.initial_is_live = story is not None and story.is_live
        self.initial_status = story.status if story is not None else None
        self.initial_published_at = story.published_at if story is not None else None
        self.edit_conflict = None
        self.must_propose = (
            story is not None
            and self.user is not None
            and (proposals.must_propose(self.user, story))
        )
        self.proposing = False
        if story is not None:
            self.initial["edit_base"] = edit_conflicts.edit_base(story)
        if "status" in self.fields and self.user is not None:
            allowed = workflow.allowed_statuses(self.user, story)
            self.fields["status"].choices = [
                (value, label) for value, label in Article.Status.choices if value in allowed
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        story = self.instance if self.instance.pk is not None else None
        if self.user is not None and status not in workflow.allowed_statuses(self.user, story):
            raise forms.ValidationError(
                "Only editors can publish, schedule or unpublish a story. Save it as a draft "
                "or send it for review.",
                code="not_allowed",
            )
        return status

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Article.Status.PUBLISHED
            and not cleaned.get("published_at")
            and "published_at" in self.fields
        ):
            # "Publish" with no time means now (to the second, as the form shows times).
            cleaned["published_at"] = timezone.now().replace(microsecond=0)
        given, kept = cleaned.get("published_at"), self.initial_published_at
        if given and kept and given == kept.replace(microsecond=0):
            # The form shows whole seconds; an unchanged time keeps its exact value.
            cleaned["published_at"] = kept
        try:
            workflow.check_embargo(
                status=cleaned.get("status"),
                published_at=cleaned.get("published_at"),
                embargo_until=cleaned.get("embargo_until", self.instance.embargo_until),
            )
        except forms.ValidationError as error:
            self.add_error("status", error)
        self.check_edited_elsewhere(cleaned.get("edit_base"))
        self.proposing = self.must_propose or bool(cleaned.get("propose_changes"))
        if self.proposing:
            self.check_proposal(cleaned)
        return cleaned

    def check_proposal(self, cleaned):
        """Proposed changes carry the story's content; its status, time and address move
        only with an editor's own save, and one set of changes waits at a time."""
        story = self.instance
        if proposals.waiting_for(story) is not None:
            raise forms.ValidationError(
                "Changes to this story already wait for an editor. Publish them or send "
                "them back before proposing more.",
                code="proposal_waiting",
            )
        moved = [
            name
            for name in ("status", "published_at", "slug")
            if name in self.changed_data and name in self.fields
        ]
        if moved:
            raise forms.ValidationError(
                "Proposed changes cannot change the status, publication time or address: "
                "save those without proposing.",
                code="proposal_content_only",
            )

    def check_edited_elsewhere(self, base):
        """Refuse to save over a later save by someone else; show what they changed.

        A form that sends no base (a script, a tab opened before this check existed) is not
        checked. The base moves to the current state, so saving again goes through.
        """
        if self.instance.pk is None or not base:
            return
        conflict = edit_conflicts.find_conflict(article=self.instance, base=base, viewer=self.user)
        if conflict is None:
            return
        self.edit_conflict = conflict
        self.data = self.data.copy()
        self.data[self.add_prefix("edit_base")] = conflict.current_base
        self.add_error(None, forms.ValidationError(conflict.message, code=conflict.code))


class OrderedInlineForm(forms.ModelForm):
    """An inline row whose `order` may be left blank; ArticleAdmin numbers the rows."""

    order = forms.IntegerField(
        required=False, min_value=0, widget=forms.NumberInput(attrs={"class": "vSmallInteger"})
    )

    def _get_validation_exclusions(self):
        # A private ModelForm hook (Django 5.2.19; tests/test_upgrade_guards.py).
        # Order is renumbered when saved, so duplicates here are not an error.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("order")
        return exclusions
