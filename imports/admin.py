"""The old addresses an import kept: listed, searchable, removable (a wrong redirect is
deleted here), never typed in by hand."""

from django.contrib import admin

from imports.models import OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "article", "source", "created_at"]
    list_select_related = ["article"]
    search_fields = ["path", "article__headline"]
    list_filter = ["source"]
    readonly_fields = ["path", "article", "source", "created_at"]

    def has_add_permission(self, request):
        return False
