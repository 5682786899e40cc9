"""Campaigns on the desk: the list with progress, the form, and each one's totals."""

from django.contrib import admin
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from donations import reports
from donations.admin.display import pledges_url, short_date
from donations.admin_forms import CampaignAdminForm
from donations.models import Campaign
from newsroom.local_time import ZONED_DATETIME_FIELDS


class CampaignStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Campaign.State.choices

    def queryset(self, request, queryset):
        if self.value() in Campaign.State.values:
            return queryset.in_state(self.value())
        return queryset


def progress_html(campaign):
    """ "$188 of $10,000", a small bar and the percentage; just the sum without a goal."""
    return render_to_string(
        "admin/donations/includes/progress.html", reports.campaign_figures(campaign)
    )


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignAdminForm
    # Five columns, three of them shared (state with its dates and priority, received with
    # fees and net, pledges with donors), so the list fits beside the admin's menu and the
    # filters at 1280 px.
    list_display = ["name", "state", "progress", "received_column", "pledges_column"]
    list_filter = [CampaignStateFilter, "targets_all"]
    search_fields = ["name", "slug", "appeal_headline"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = [*Campaign.TARGETING, *Campaign.EXCLUSIONS]
    readonly_fields = [
        "raised_display",
        "fulfilled_display",
        "received_display",
        "fees_display",
        "net_display",
        "one_time_display",
        "recurring_display",
        "monthly_recurring_display",
        "pledge_count",
        "donor_count",
    ]
    save_on_top = True
    formfield_overrides = ZONED_DATETIME_FIELDS

    class Media:
        css = {"all": ["css/admin.css"]}

    fieldsets = [
        (
            "Appeal",
            {"fields": ["name", "slug", "appeal_headline", "appeal_body", "call_to_action"]},
        ),
        ("Goal", {"fields": [("goal", "currency"), "totals_shown_from"]}),
        ("Schedule", {"fields": [("starts_at", "ends_at"), "is_active", "priority"]}),
        (
            "Suggested amounts",
            {
                "fields": [
                    "default_frequency",
                    "one_time_amounts",
                    "monthly_amounts",
                    "annual_amounts",
                ]
            },
        ),
        (
            "Targeting",
            {
                "fields": [
                    "targets_all",
                    ("sections", "excluded_sections"),
                    ("tags", "excluded_tags"),
                    ("places", "excluded_places"),
                    ("organisations", "excluded_organisations"),
                ],
                "description": "Tick “all stories”, or choose where the appeal runs. "
                "Exceptions apply either way: a story in an excepted section, tag, place "
                "or organisation never carries it. A place or organisation includes those "
                "within it.",
            },
        ),
    ]
    totals_fieldset = (
        "Totals",
        {
            "fields": [
                ("raised_display", "fulfilled_display"),
                ("received_display", "fees_display", "net_display"),
                ("one_time_display", "recurring_display"),
                "monthly_recurring_display",
                ("pledge_count", "donor_count"),
            ],
            "description": "Pledged counts every promise and gift, cancelled, refunded and "
            "unpaid ones left out. Received is the money that arrived (card payments and "
            "instalments marked received), less refunds; fees are the card processor's; net "
            "is received less fees. Recurring value counts active gifts only.",
        },
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        return [self.totals_fieldset, *self.fieldsets]

    @admin.display(description="State", ordering="starts_at")
    def state(self, obj):
        ends = f"until {short_date(obj.ends_at)}" if obj.ends_at else "no end date"
        return format_html(
            '{}<span class="campaign-runs">from {}<br>{}<br>priority {}</span>',
            obj.state_at(timezone.now()).label,
            short_date(obj.starts_at),
            ends,
            obj.priority,
        )

    @admin.display(description="Pledged", ordering="raised")
    def progress(self, obj):
        return progress_html(obj)

    @admin.display(description="Received", ordering="received")
    def received_column(self, obj):
        figures = reports.campaign_figures(obj)
        return format_html(
            '{}<span class="campaign-donors">fees {}</span>'
            '<span class="campaign-donors">net {}</span>',
            figures["received"],
            figures["fees"],
            figures["net"],
        )

    @admin.display(description="Pledges", ordering="pledge_count")
    def pledges_column(self, obj):
        return format_html(
            '<a href="{}">{}</a><span class="campaign-donors">{} donor{}</span>',
            pledges_url(campaign__id__exact=obj.pk),
            obj.pledge_count,
            obj.donor_count,
            pluralize(obj.donor_count),
        )

    @admin.display(description="Donors", ordering="donor_count")
    def donor_count(self, obj):
        return obj.donor_count

    @admin.display(description="Pledges")
    def pledge_count(self, obj):
        return format_html(
            '{} <a href="{}" class="totals-pledges-link">see them in the pledge list</a>',
            obj.pledge_count,
            pledges_url(campaign__id__exact=obj.pk),
        )

    @admin.display(description="Pledged")
    def raised_display(self, obj):
        return progress_html(obj)

    @admin.display(description="Marked paid")
    def fulfilled_display(self, obj):
        return reports.campaign_figures(obj)["fulfilled"]

    @admin.display(description="Received")
    def received_display(self, obj):
        return reports.campaign_figures(obj)["received"]

    @admin.display(description="Fees")
    def fees_display(self, obj):
        return reports.campaign_figures(obj)["fees"]

    @admin.display(description="Net")
    def net_display(self, obj):
        return reports.campaign_figures(obj)["net"]

    @admin.display(description="One-time")
    def one_time_display(self, obj):
        return reports.campaign_figures(obj)["one_time_total"]

    @admin.display(description="Recurring")
    def recurring_display(self, obj):
        return reports.campaign_figures(obj)["recurring_total"]

    @admin.display(description="Monthly recurring value")
    def monthly_recurring_display(self, obj):
        return format_html(
            '{} a month <span class="help">Active gifts only: a paused, past-due or '
            "cancelled gift is not counted.</span>",
            reports.campaign_figures(obj)["monthly_recurring"],
        )
