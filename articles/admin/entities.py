"""The newsroom's records in the admin: sections, images, people (with the roles they held),
places, tags. Organisations and boilerplate patterns: organisations.py."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from articles.forms import ImageAdminForm
from articles.models import Image, Person, Place, Role, Section


def thumbnail_html(image, size=80):
    thumbnail = image.thumbnail() if image else None
    if thumbnail is None:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="{}" height="{}" style="object-fit:cover;border-radius:3px">',
        thumbnail.file.url,
        size,
        round(size * thumbnail.height / thumbnail.width),
    )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["preview", "__str__", "credit", "width", "height", "created_at"]
    list_display_links = ["preview", "__str__"]
    search_fields = ["alt_text", "caption", "credit", "file"]
    readonly_fields = ["preview_large", "width", "height", "uploaded_by", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_fields(self, request, obj=None):
        fields = ["file", "alt_text", "caption", "credit"]
        if obj is not None:
            fields = ["preview_large", *fields, "width", "height", "uploaded_by", "created_at"]
        return fields

    @admin.display(description="Picture")
    def preview(self, obj):
        return thumbnail_html(obj)

    @admin.display(description="Preview")
    def preview_large(self, obj):
        return thumbnail_html(obj, size=320)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


class RoleInline(admin.TabularInline):
    """A person's titles over time: the story page prints the one held on its day."""

    model = Role
    fields = ["title", "organisation", "started_on", "ended_on"]
    autocomplete_fields = ["organisation"]
    extra = 0
    verbose_name = "role over time"
    verbose_name_plural = "roles over time (the story page shows the one held on its date)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific", "role", "wikidata_id", "user"]
    list_select_related = ["user"]
    search_fields = ["name", "honorific", "role"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]
    inlines = [RoleInline]

    def get_fields(self, request, obj=None):
        fields = ["honorific", "name", "slug", "role", "bio", "photo", "wikidata_id"]
        # Linking a login is for those who may see the logins.
        if request.user.has_perm("auth.view_user"):
            fields.append("user")
        return fields


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "parent__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fields = [
        "name",
        "slug",
        "kind",
        "parent",
        "latitude",
        "longitude",
        "description",
        ("wikidata_id", "geonames_id"),
    ]


# django-taggit's own admin, with "View on site" for the tag's page (its model has no
# get_absolute_url of ours). taggit comes before articles in INSTALLED_APPS, so its
# registration is there to replace.
admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    def view_on_site(self, obj):
        return reverse("articles:tag-detail", kwargs={"slug": obj.slug})
