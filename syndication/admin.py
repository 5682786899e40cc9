"""The syndication desk: partners, their keys (each shown once, when made) and the webhook
notices sent to them. Only staff with `syndication.manage_partners` see any of it."""

from django.contrib import admin, messages
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone

from syndication.models import ApiKey, Partner, WebhookDelivery

PERMISSION = "syndication.manage_partners"


class PartnerDeskMixin:
    """Every page of the desk asks for the one permission, whatever the model."""

    def has_module_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)

    def has_add_permission(self, request):
        return request.user.has_perm(PERMISSION)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm(PERMISSION)


@admin.register(Partner)
class PartnerAdmin(PartnerDeskMixin, admin.ModelAdmin):
    list_display = ["name", "contact_email", "webhook_url", "created_at"]
    search_fields = ["name", "contact_email"]
    fields = ["name", "contact_email", "webhook_url", "webhook_secret"]
    readonly_fields = ["webhook_secret"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ApiKey)
class ApiKeyAdmin(PartnerDeskMixin, admin.ModelAdmin):
    list_display = ["__str__", "partner", "prefix", "allows_embargoed", "requests_per_minute",
                    "last_used_at", "revoked_at"]  # fmt: skip
    list_filter = ["partner", "allows_embargoed"]
    list_select_related = ["partner"]
    search_fields = ["partner__name", "label", "prefix"]
    filter_horizontal = ["sections"]
    fields = ["partner", "label", "sections", "allows_embargoed", "requests_per_minute",
              "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]  # fmt: skip
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    actions = ["revoke_keys"]

    def get_readonly_fields(self, request, obj=None):
        # A key's partner never changes: a new partner gets a new key.
        return [*self.readonly_fields, "partner"] if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            request._new_api_key = obj.issue()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The key itself, once: on the answer to the form that made it, never stored (not
        in a message, which would sit in a cookie or the session until read)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "key": obj,
            "raw_key": request._new_api_key,
            "title": "Copy the new API key now",
        }
        response = TemplateResponse(request, "admin/syndication/apikey_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke the selected keys")
    def revoke_keys(self, request, queryset):
        revoked = queryset.live().update(revoked_at=timezone.now())
        self.message_user(request, f"{revoked} key(s) revoked.", messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(PartnerDeskMixin, admin.ModelAdmin):
    list_display = ["created_at", "partner", "article", "event", "status", "attempts",
                    "response_status", "sent_at"]  # fmt: skip
    list_filter = ["status", "event", "partner"]
    list_select_related = ["partner", "article"]
    search_fields = ["article__headline", "partner__name"]
    readonly_fields = ["partner", "article", "event", "status", "attempts", "response_status",
                       "last_error", "created_at", "due_at", "sent_at"]  # fmt: skip
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
