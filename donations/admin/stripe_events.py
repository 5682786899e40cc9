"""Stripe's webhook events on the desk, as they arrived: what each was, when it came, and
what the ledger did with it (or that it still waits for a retry). Read-only: the events
are Stripe's word, and the task engine (the Operations desk) runs a failed one again."""

import json

from django.contrib import admin
from django.utils.html import format_html

from donations.admin.display import short_date
from donations.models import StripeEvent


class ProcessedFilter(admin.SimpleListFilter):
    title = "processed"
    parameter_name = "processed"

    def lookups(self, request, model_admin):
        return [("yes", "Processed"), ("no", "Waiting")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(processed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(processed_at__isnull=True)
        return queryset


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ["received", "type", "event_id", "state", "outcome"]
    list_filter = [ProcessedFilter, "type"]
    search_fields = ["=event_id"]
    fields = ["event_id", "type", "created", "received_at", "processed_at", "outcome", "body"]
    readonly_fields = fields
    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        # The list never needs the payload (a few kilobytes an event).
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            return queryset.defer("payload")
        return queryset

    @admin.display(description="Received", ordering="received_at")
    def received(self, obj):
        return short_date(obj.received_at)

    @admin.display(description="State")
    def state(self, obj):
        return "Processed" if obj.processed_at else "Waiting"

    @admin.display(description="Event as Stripe sent it")
    def body(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, indent=2, sort_keys=True))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
