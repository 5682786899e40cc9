"""The old addresses an import kept (listed, searchable, removable: a wrong redirect is
deleted here, never typed in by hand), and the agencies' feeds for wire ingest."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.text import Truncator

from articles.forms import HttpsURLField
from imports.models import FeedSource, OldAddress
from newsroom import safe_fetch


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "article", "source", "created_at"]
    list_select_related = ["article"]
    search_fields = ["path", "article__headline"]
    list_filter = ["source"]
    readonly_fields = ["path", "article", "source", "created_at"]

    def has_add_permission(self, request):
        return False


class FeedSourceForm(forms.ModelForm):
    make_secret = forms.BooleanField(
        label="Make a new push secret",
        required=False,
        help_text="Shown once, on the next page; the old secret stops working. A new "
        "pushing source gets one anyway.",
    )

    class Meta:
        model = FeedSource
        fields = ["name", "slug", "organisation", "format", "delivery", "url",
                  "interval_minutes", "section", "is_active"]  # fmt: skip
        field_classes = {"url": HttpsURLField}

    def clean_url(self):
        """An address on an internal network is refused when saved, not only when fetched;
        one that does not resolve yet is kept (the fetch will say so on the source)."""
        url = self.cleaned_data["url"]
        if url:
            try:
                safe_fetch.check_url(url)
            except safe_fetch.FetchRefused as refused:
                raise forms.ValidationError(str(refused), code="internal_address") from None
            except safe_fetch.FetchError:
                pass
        return url


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    form = FeedSourceForm
    list_display = ["name", "organisation", "format", "delivery", "section", "is_active",
                    "last_fetched_at", "error", "items_created", "items_updated",
                    "items_proposed", "items_refused"]  # fmt: skip
    list_filter = ["is_active", "format", "delivery"]
    list_select_related = ["organisation", "section"]
    search_fields = ["name", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    readonly_fields = ["push_address", "last_fetched_at", "last_error", "last_error_at",
                       "next_poll_at", "items_created", "items_updated", "items_proposed",
                       "items_refused"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["name", "slug", "organisation", "section", "is_active"]}),
        (
            "What it sends and how",
            {
                "fields": [
                    "format",
                    "delivery",
                    "url",
                    "interval_minutes",
                    "push_address",
                    "make_secret",
                ]
            },  # fmt: skip
        ),
        (
            "Last fetch",
            {
                "fields": [
                    "last_fetched_at",
                    "next_poll_at",
                    "last_error",
                    "last_error_at",
                    "items_created",
                    "items_updated",
                    "items_proposed",
                    "items_refused",
                ]
            },
        ),  # fmt: skip
    ]

    @admin.display(description="Last error")
    def error(self, obj):
        return Truncator(obj.last_error).chars(80) or "—"

    @admin.display(description="Push address")
    def push_address(self, obj):
        if obj.pk is None or obj.delivery != FeedSource.Delivery.PUSH:
            return "—"
        return obj.get_absolute_url()

    def save_model(self, request, obj, form, change):
        wants = form.cleaned_data.get("make_secret")
        if obj.delivery == FeedSource.Delivery.PUSH and (wants or not obj.secret_digest):
            request._new_push_secret = obj.new_secret()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return self._show_secret(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self._show_secret(request, obj) or super().response_change(request, obj)

    def _show_secret(self, request, obj):
        """The secret, once, on the answer to the form that made it (never in a message,
        which would sit in a cookie or the session)."""
        secret = getattr(request, "_new_push_secret", None)
        if secret is None:
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "source": obj,
            "secret": secret,
            "title": "Copy the push secret now",
        }
        response = TemplateResponse(request, "admin/imports/feedsource_secret.html", context)
        response["Cache-Control"] = "no-store"
        return response
