from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.utils import timezone

from articles import images, workflow
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


class ArticleAdminForm(forms.ModelForm):
    """The story form; `user` is set by ArticleAdmin so the workflow rules can apply."""

    user = None

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
            "people",
            "places",
            "status",
            "published_at",
            "slug",
        ]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField headline-input"}),
            "dek": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read before the form writes its values into the instance.
        self.initial_is_live = self.instance.pk is not None and self.instance.is_live
        if "status" in self.fields and self.user is not None:
            allowed = workflow.allowed_statuses(self.user)
            self.fields["status"].choices = [
                (value, label) for value, label in Article.Status.choices if value in allowed
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.user is not None and status not in workflow.allowed_statuses(self.user):
            raise forms.ValidationError(
                "Only editors can publish or unpublish a story. Save it as a draft or send "
                "it for review.",
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
            # "Publish" with no time means now.
            cleaned["published_at"] = timezone.now()
        return cleaned


class OrderedInlineForm(forms.ModelForm):
    """An inline row whose `order` may be left blank; ArticleAdmin numbers the rows."""

    order = forms.IntegerField(
        required=False, min_value=0, widget=forms.NumberInput(attrs={"class": "vSmallInteger"})
    )

    def _get_validation_exclusions(self):
        # Order is renumbered when saved, so duplicates here are not an error.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("order")
        return exclusions
