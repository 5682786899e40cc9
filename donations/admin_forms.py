"""The fundraising desk's forms: a campaign and where it runs, a pledge's status change."""

from django import forms

from donations.models import Campaign, Pledge


class CampaignAdminForm(forms.ModelForm):
    """A campaign; its rules (Campaign.clean(), and where it runs) come back beside their field."""

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
            "totals_shown_from",
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
        # The one rule Campaign.clean() cannot hold: the sections, tags and places are saved
        # after the campaign, so only the form sees the ones being chosen. The model's own
        # rules come back beside their fields from full_clean() in ModelForm._post_clean().
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
