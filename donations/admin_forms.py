"""The fundraising desk's forms: a campaign's cross-field rules, a pledge's status change."""

from django import forms

from donations.models import Campaign, Pledge


class CampaignAdminForm(forms.ModelForm):
    """A campaign, with its rules reported beside the field they are about."""

    class Meta:
        model = Campaign
        fields = [
            "name",
            "slug",
            "appeal_headline",
            "appeal_body",
            "call_to_action",
            "goal",
            "currency",
            "starts_at",
            "ends_at",
            "is_active",
            "priority",
            "default_frequency",
            "one_time_amounts",
            "monthly_amounts",
            "annual_amounts",
            "targets_all",
            *Campaign.TARGETING,
            *Campaign.EXCLUSIONS,
        ]
        widgets = {
            "appeal_headline": forms.TextInput(attrs={"class": "vLargeTextField headline-input"}),
        }

    def clean(self):
        cleaned = super().clean()
        # A field that failed its own validation is missing here: no second message for it.
        if (
            "targets_all" in cleaned
            and not cleaned["targets_all"]
            and all(name in cleaned and not cleaned[name] for name in Campaign.TARGETING)
        ):
            self.add_error(
                "targets_all",
                forms.ValidationError(
                    "Choose at least one section, tag or place below, or tick “all "
                    "stories”: otherwise no story carries this appeal.",
                    code="no_targets",
                ),
            )
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            # The model's check constraint says the same; here it comes back beside the field.
            self.add_error(
                "ends_at",
                forms.ValidationError(
                    "A campaign must end after it starts.", code="ends_before_start"
                ),
            )
        goal = cleaned.get("goal")
        if goal is not None and goal <= 0:
            self.add_error(
                "goal",
                forms.ValidationError(
                    "The goal must be more than zero; leave it empty for no progress bar.",
                    code="goal_not_positive",
                ),
            )
        return cleaned


class PledgeAdminForm(forms.ModelForm):
    """The one thing the desk changes on a pledge: its status, with an optional note."""

    note = forms.CharField(
        required=False,
        max_length=300,
        help_text="Why the status changed (kept in the history below). Optional.",
    )

    class Meta:
        model = Pledge
        fields = ["status"]
