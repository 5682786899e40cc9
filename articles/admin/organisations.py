"""Organisations, and the boilerplate patterns the newsroom checks look for, in the admin."""

from django.contrib import admin
from django.db.models import Count

from articles.models import BoilerplatePattern, Organisation, Role


class OrganisationRoleInline(admin.TabularInline):
    """Who held which title here, and when (also editable from each person's page)."""

    model = Role
    fields = ["person", "title", "started_on", "ended_on"]
    autocomplete_fields = ["person"]
    extra = 0
    verbose_name_plural = "people who held roles here"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "wikidata_id", "roles_count"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "parent__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "parent", "description", "wikidata_id"]}),
        (
            "Licence, for the stories credited to it",
            {
                "fields": ["canonical_to_original", "may_resyndicate"],
                "description": "Read only for agencies and publications.",
            },
        ),
    ]
    inlines = [OrganisationRoleInline]
    # Said here: a query with Count() leaves the model's own ordering out (Django 3.1+), and
    # the campaign form's autocomplete pages through this list.
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(roles_count=Count("roles"))

    @admin.display(description="Roles", ordering="roles_count")
    def roles_count(self, obj):
        return obj.roles_count


@admin.register(BoilerplatePattern)
class BoilerplatePatternAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "pattern", "covers_rest", "is_active"]
    list_filter = ["is_active", "kind"]
    list_editable = ["is_active"]
    search_fields = ["name", "pattern"]
    fields = ["name", "kind", "pattern", "covers_rest", "is_active"]
