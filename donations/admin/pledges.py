"""Pledges on the desk: the list, its search, status changes with their audit trail, offline
pledges the desk records and the instalments it marks received (donations.admin.
pledge_payments).

The CSV export and the dashboard are views of their own (donations.admin.exports and
.dashboard); their addresses and permission check are the pledge admin's.
"""

import re

from django.contrib import admin, messages
from django.contrib.admin.filters import DateFieldListFilter
from django.db.models import Q
from django.urls import path
from django.utils.html import format_html

from articles.models import Article
from donations import pledges
from donations.admin import dashboard, exports, pledge_payments
from donations.admin.display import HistoryInline, donor_html, short_date
from donations.admin_forms import OfflinePledgeForm, PaymentReceivedForm, PledgeAdminForm
from donations.models import Pledge, PledgeStatusChange
from donations.money import format_money
from newsroom.local_time import ZONED_DATETIME_FIELDS
from newsroom.staff import display_name


class SourceFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [("story", "From a story"), ("direct", "Direct")]

    def queryset(self, request, queryset):
        if self.value() == "story":
            return queryset.filter(article__isnull=False)
        if self.value() == "direct":
            return queryset.filter(article__isnull=True)
        return queryset


class PledgedOnFilter(DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "date pledged"


class StoryFilter(admin.SimpleListFilter):
    """One story's pledges, from the dashboard's links; shown only while it is in use."""

    title = "story"
    parameter_name = "article__id__exact"

    def lookups(self, request, model_admin):
        value = self.value()
        if not (value and value.isdigit()):
            return []
        headline = Article.objects.filter(pk=value).values_list("headline", flat=True).first()
        return [(value, headline or f"Story {value} (deleted)")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(article_id=self.value())
        return queryset


class StatusChangeInline(HistoryInline):
    model = PledgeStatusChange

    @admin.display(description="By")
    def who(self, obj):
        user = obj.changed_by
        if user is None:
            return "—"
        return display_name(user)


# A search that is one whole e-mail address.
EMAIL_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# A search word in more headlines than this is not looked for in the pledges' stories.
STORIES_IN_SEARCH = 500


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    form = PledgeAdminForm
    inlines = [
        pledge_payments.PaymentsInline,
        pledge_payments.PaymentReceivedInline,
        StatusChangeInline,
    ]
    list_display = [
        "pledged",
        "donor_and_email",
        "amount_column",
        "status",
        "campaign_and_source",
    ]
    list_select_related = ["campaign", "article"]
    list_filter = [
        StoryFilter,  # first: it shows only when the dashboard sent someone here
        "campaign",
        "status",
        "frequency",
        ("created_at", PledgedOnFilter),
        SourceFilter,
    ]
    # What is searched; get_search_results() matches them in a shape the indexes serve.
    search_fields = ["=reference", "donor_name", "email", "article__headline"]
    search_help_text = (
        "Reference (whole, as written), donor name, e-mail or story headline. A whole e-mail "
        "address finds that donor's pledges."
    )
    # Counting a million pledges for "of N total" on every page is not worth it.
    show_full_result_count = False
    list_per_page = 100
    view_on_site = False  # the site's page for a pledge is the donor's thank-you page
    actions = ["mark_fulfilled", "mark_cancelled", "export_selected"]
    readonly_fields = [
        "reference",
        "created_at",
        "campaign",
        "amount_column",
        "frequency",
        "channel",
        "received_column",
        "source_article",
        "donor",
        "email",
        "message",
        "is_public",
        "erased_at",
    ]
    fieldsets = [
        (None, {"fields": [("status", "note")]}),
        (
            "Pledge",
            {
                "fields": [
                    ("reference", "created_at"),
                    "campaign",
                    ("amount_column", "frequency"),
                    ("channel", "received_column"),
                    "source_article",
                ]
            },
        ),
        ("Donor", {"fields": ["donor", "email", "message", "is_public", "erased_at"]}),
    ]
    add_fieldsets = [
        (
            "Pledge",
            {
                "fields": ["campaign", ("amount", "frequency"), "channel", "created_at"],
                "description": "A gift made by cheque, bank transfer, phone or at an event. "
                "Mark its payments received below as they arrive; card gifts are recorded "
                "by the pledge page.",
            },
        ),
        ("Donor", {"fields": ["donor_name", "email", "message", "is_public"]}),
    ]
    formfield_overrides = ZONED_DATETIME_FIELDS

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_search_results(self, request, queryset, search_term):
        # A whole address is the desk's usual search: matched exactly (case ignored) on the
        # e-mail index, not as a fragment of four fields across every pledge (seconds at a
        # million pledges: bench/admin_scale.py).
        term = search_term.strip()
        if EMAIL_ADDRESS.fullmatch(term):
            return queryset.filter(email__iexact=term), False
        # Otherwise every word must be the reference (whole) or in the name, the e-mail or
        # the story's headline, as search_fields would say, but in a shape indexes serve
        # (migration 0004's and articles' 0009 trigram indexes): the stories are looked up
        # first, so the pledges' conditions are all on their own table. One OR across a
        # join had PostgreSQL test every pledge one by one.
        for word in term.split():
            found = Q(reference=word) | Q(donor_name__icontains=word) | Q(email__icontains=word)
            # Any STORIES_IN_SEARCH + 1 of them: only whether there are more matters.
            matching = Article.objects.filter(headline__icontains=word).order_by()
            stories = list(matching.values_list("pk", flat=True)[: STORIES_IN_SEARCH + 1])
            if len(stories) > STORIES_IN_SEARCH:
                self.message_user(
                    request,
                    f"“{word}” is in more than {STORIES_IN_SEARCH:,} headlines, so it was "
                    "matched against names, e-mails and references only. To see a story's "
                    "pledges, follow its link on the dashboard.",
                    messages.INFO,
                )
            elif stories:
                found |= Q(article__in=stories)
            queryset = queryset.filter(found)
        return queryset, False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = OfflinePledgeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj else self.add_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {"title": "Record an offline pledge", **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def get_inlines(self, request, obj):
        if obj is None:
            return [pledge_payments.PaymentReceivedInline]
        if obj.is_card_gift or not pledge_payments.still_due(obj):
            # A card gift's money comes from Stripe: the desk reads it, never types it. A
            # one-time pledge received in full awaits nothing more.
            return [pledge_payments.PaymentsInline, StatusChangeInline]
        return self.inlines

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        # They read pledges, so they hang under this admin and check its view permission.
        return [
            path(
                "export/",
                self.admin_site.admin_view(exports.export_view),
                {"model_admin": self},
                name="donations_pledge_export",
            ),
            path(
                "exports/",
                self.admin_site.admin_view(exports.exports_view),
                {"model_admin": self},
                name="donations_pledge_exports",
            ),
            path(
                "exports/<int:pk>/download/",
                self.admin_site.admin_view(exports.download_view),
                {"model_admin": self},
                name="donations_pledge_export_download",
            ),
            path(
                "dashboard/",
                self.admin_site.admin_view(dashboard.dashboard_view),
                {"model_admin": self},
                name="donations_dashboard",
            ),
            path(
                "dashboard/lapsed.csv",
                self.admin_site.admin_view(dashboard.lapsed_csv_view),
                {"model_admin": self},
                name="donations_lapsed_csv",
            ),
            *super().get_urls(),
        ]

    # The list's columns: related values share a cell, to fit beside the filters at 1280 px.

    @admin.display(description="Pledged", ordering="created_at")
    def pledged(self, obj):
        # The start of the reference tells rows apart; search takes the whole of it.
        return format_html(
            '{}<br><span class="pledge-reference" title="{}">{}…</span>',
            short_date(obj.created_at, with_time=True),
            obj.reference,
            obj.reference[:8],
        )

    @admin.display(description="Name", ordering="donor_name")
    def donor(self, obj):
        if obj.erased_at:
            return "(erased)"
        return obj.donor_name or "—"

    @admin.display(description="Donor", ordering="donor_name")
    def donor_and_email(self, obj):
        return donor_html(obj)

    @admin.display(description="Amount", ordering="amount")
    def amount_column(self, obj):
        return obj.amount_display

    @admin.display(description="Source article")
    def source_article(self, obj):
        if obj.article is None:
            return "Direct"
        return format_html(
            '<a href="{}" title="Open the story on the site">{}</a>',
            obj.article.get_absolute_url(),
            obj.article.headline,
        )

    @admin.display(description="Campaign and story", ordering="campaign__name")
    def campaign_and_source(self, obj):
        return format_html(
            '{}<br><span class="pledge-source">{}</span>',
            obj.campaign.name,
            self.source_article(obj),
        )

    @admin.display(description="Received")
    def received_column(self, obj):
        received = sum(payment.received_amount for payment in obj.payments.all())
        return format_money(received, obj.currency)

    # Changing a status: always through the workflow, which writes the audit trail; money
    # received: always through the ledger.

    def save_model(self, request, obj, form, change):
        if not change:
            form.save()
            return
        pledges.change_status(
            pledge=obj,
            status=form.cleaned_data["status"],
            by=request.user,
            note=form.cleaned_data.get("note", ""),
        )

    def save_formset(self, request, form, formset, change):
        if issubclass(formset.form, PaymentReceivedForm):
            pledge_payments.record_received(formset, pledge=form.instance, user=request.user)
            return
        # The history and the payments recorded are read-only: nothing to save.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def _set_status(self, request, queryset, status):
        changed = sum(
            pledges.change_status(pledge=pledge, status=status, by=request.user)
            for pledge in queryset
        )
        label = Pledge.Status(status).label.lower()
        unchanged = len(queryset) - changed
        text = f"{changed} {'pledge' if changed == 1 else 'pledges'} marked {label}."
        if unchanged:
            text += f" {unchanged} already {'was' if unchanged == 1 else 'were'}."
        self.message_user(request, text, messages.SUCCESS if changed else messages.WARNING)

    @admin.action(description="Mark paid", permissions=["change"])
    def mark_fulfilled(self, request, queryset):
        self._set_status(request, queryset, Pledge.Status.FULFILLED)

    @admin.action(description="Mark cancelled", permissions=["change"])
    def mark_cancelled(self, request, queryset):
        self._set_status(request, queryset, Pledge.Status.CANCELLED)

    @admin.action(description="Export selected as CSV", permissions=["view"])
    def export_selected(self, request, queryset):
        return exports.pledges_csv(queryset)
