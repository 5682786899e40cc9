"""Stories in the admin: the article form, its inlines, and the workflow around them."""

from django.contrib import admin
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles import proposals, revisions, workflow
from articles.admin.check_views import CheckViews
from articles.admin.entities import thumbnail_html
from articles.admin.proposal_views import ProposalViews
from articles.admin.revision_views import RevisionViews
from articles.admin.schedule_views import ScheduleViews
from articles.admin.tag_views import TagSuggestionViews
from articles.forms import ArticleAdminForm, OrderedInlineForm
from articles.models import Article, Byline, Correction, Person, Quote
from newsroom.local_time import ZONED_DATETIME_FIELDS


class ArticleChildInline:
    """Inline rows follow the story: editable exactly when the story is (for proposed
    changes too: bylines and quotes are part of them)."""

    def _story_editable(self, request, obj):
        user = request.user
        return obj is None or workflow.can_edit(user, obj) or proposals.must_propose(user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._story_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._story_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._story_editable(request, obj)


class BylineInline(ArticleChildInline, admin.TabularInline):
    model = Byline
    form = OrderedInlineForm
    fields = ["person", "role", "order"]
    autocomplete_fields = ["person"]
    extra = 0
    verbose_name = "byline"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    def get_extra(self, request, obj=None, **kwargs):
        # A new story offers its writer's byline (see ArticleAdmin.get_formset_kwargs).
        return 1 if obj is None and writer(request.user) else 0


def writer(user):
    """The Person a staff login writes as, if there is one."""
    return Person.objects.filter(user=user).first() if user.is_authenticated else None


class QuoteInline(ArticleChildInline, admin.StackedInline):
    model = Quote
    form = OrderedInlineForm
    fields = [("speaker", "order"), "text", "context"]
    autocomplete_fields = ["speaker"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker")


class CorrectionInline(ArticleChildInline, admin.StackedInline):
    model = Correction
    formfield_overrides = ZONED_DATETIME_FIELDS
    fields = [("kind", "published_at"), "text"]
    extra = 0

    def _story_editable(self, request, obj):
        # Notes are a public record of their own, never part of proposed changes.
        return obj is None or workflow.can_edit(request.user, obj)


class AuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        # A semi-join on the byline index, not a DISTINCT over every byline's join.
        people = (
            Person.objects.filter(Exists(Byline.objects.filter(person=OuterRef("pk"))))
            .order_by("name")
            .values_list("pk", "name")
        )
        return [(str(pk), name) for pk, name in people]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(bylines__person_id=self.value())
        return queryset


@admin.register(Article)
class ArticleAdmin(
    ProposalViews, ScheduleViews, RevisionViews, CheckViews, TagSuggestionViews, admin.ModelAdmin
):
    form = ArticleAdminForm
    inlines = [BylineInline, QuoteInline, CorrectionInline]
    list_display = ["thumbnail", "headline", "section", "state", "published_at", "byline"]
    list_display_links = ["thumbnail", "headline"]
    list_filter = ["status", "section", AuthorFilter, "published_at"]
    list_select_related = ["section", "lead_image", "source"]
    # icontains, served on PostgreSQL by the trigram indexes of migration 0009, which are
    # on the exact expression Django sends (UPPER("col"::text)).
    search_fields = ["headline", "dek", "slug"]
    # "N results (Show all)" rather than a second COUNT over the whole archive each time.
    show_full_result_count = False
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["lead_image", "dateline", "people", "organisations", "places", "source"]
    list_per_page = 50
    save_on_top = True
    formfield_overrides = ZONED_DATETIME_FIELDS

    class Media:
        css = {"all": ["css/admin.css", "css/admin_revisions.css", "css/admin_checks.css"]}
        js = ["js/admin_checks.js", "js/admin_tags.js"]

    fieldsets = [
        (None, {"fields": ["headline", "dek", "body"]}),
        ("Story details", {"fields": ["section", "tags", "lead_image", "dateline"]}),
        (
            "Credit",
            {
                "fields": ["source", "source_url", "source_published_at"],
                "description": "For a story from an agency or another publication: printed "
                "beside its bylines, or alone as “… staff” when it has none.",
            },
        ),
        (
            "Who and where it is about",
            {
                "fields": ["people", "organisations", "places"],
                "description": "Link the people, organisations and places the story is about. "
                "Use + to add one that is not in our records yet.",
            },
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "embargo_until",
                    "workflow_note",
                    "slug",
                    "has_appeal",
                ]
            },
        ),
    ]
    # Where the story cannot be changed: the body as readers see it, not its HTML source.
    read_only_fieldsets = [(None, {"fields": ["headline", "dek", "body_display"]}), *fieldsets[1:]]
    publishing = ["status", "published_at", "embargo_until", "workflow_note", "slug", "has_appeal"]
    proposing_fieldset = (
        "Publishing",
        {
            "fields": publishing,
            "description": "This story is published. Your changes will wait for an editor; "
            "readers see the published version until one publishes them. Say what you "
            "changed, and why, in the note.",
        },
    )
    editor_publishing_fieldset = ("Publishing", {"fields": [*publishing, "propose_changes"]})

    def get_urls(self):
        return (
            self.schedule_urls()
            + self.proposal_urls()
            + self.revision_urls()
            + self.check_urls()
            + self.tag_urls()
            + super().get_urls()
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self.workflow_context(request, obj))
            context.update(self.revision_context(request, obj))
            context.update(self.check_context(request, obj))
            context.update(self.proposal_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                "lead_image__renditions",
                Prefetch("bylines", Byline.objects.select_related("person")),
            )
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = self.offer_tag_suggestions(super().get_form(request, obj, change, **kwargs))
        form.user = request.user
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        person = writer(request.user) if isinstance(inline, BylineInline) else None
        if obj.pk is None and request.method == "GET" and person is not None:
            kwargs["initial"] = [{"person": person.pk, "role": Byline.Role.AUTHOR}]
        return kwargs

    def get_readonly_fields(self, request, obj=None):
        if workflow.can_publish(request.user):
            return []
        if obj is not None and proposals.must_propose(request.user, obj):
            return ["published_at", "embargo_until", "slug"]
        return ["published_at"]

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and proposals.must_propose(request.user, obj):
            return {}  # the address is read-only in proposed changes
        return super().get_prepopulated_fields(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        if not self.has_change_permission(request, obj):
            return self.read_only_fieldsets
        if proposals.must_propose(request.user, obj):
            return [*self.fieldsets[:-1], self.proposing_fieldset]
        if obj.status == Article.Status.PUBLISHED and workflow.can_publish(request.user):
            return [*self.fieldsets[:-1], self.editor_publishing_fieldset]
        return self.fieldsets

    @admin.display(description="Body")
    def body_display(self, obj):
        # Sanitised on every save (SanitizedHTMLField): shown as the story, not its source.
        return mark_safe(obj.body)  # noqa: S308

    def get_inlines(self, request, obj):
        if request.user.has_perm("articles.view_correction"):
            return self.inlines
        return [BylineInline, QuoteInline]

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return workflow.can_edit(request.user, obj) or proposals.must_propose(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None:
            return allowed
        return allowed and workflow.can_edit(request.user, obj)

    @admin.display(description="")
    def thumbnail(self, obj):
        return thumbnail_html(obj.lead_image, size=64)

    @admin.display(description="Status", ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.display(description="By")
    def byline(self, obj):
        credits = [(b.person.name,) for b in obj.bylines.all()]
        if obj.source is not None:
            credits.append((obj.source.name,))
        return format_html_join(", ", "{}", credits)

    def save_model(self, request, obj, form, change):
        if form.proposing:
            # Everything is saved as usual, read back as a snapshot, then undone in
            # save_related(): the proposal is exactly what a save would have made.
            form.proposal_savepoint = transaction.savepoint()
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        note = form.cleaned_data.get("workflow_note", "").strip()
        moved = workflow.step_changed(
            from_status=form.initial_status,
            from_published_at=form.initial_published_at,
            article=obj,
        )
        if moved or note:
            workflow.record_transition(
                article=obj, from_status=form.initial_status, by=request.user, note=note
            )

    def save_related(self, request, form, formsets, change):
        if form.proposing:
            self.save_proposal(request, form, formsets)
            return
        super().save_related(request, form, formsets, change)
        changed = form.has_changed() or any(formset.has_changed() for formset in formsets)
        if change:
            workflow.note_change(form.instance, was_live=form.initial_is_live, changed=changed)
        if changed or not change:
            revisions.record(article=form.instance, by=request.user)
        self.warn_after_save(request, form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model in (Byline, Quote):
            save_in_order(formset)
        else:
            super().save_formset(request, form, formset, change)


def save_in_order(formset):
    """Save an inline of ordered rows, numbering them 1..n as the journalist arranged them.

    Rows with a number keep that relative order; blank ones follow in the order entered.
    Existing rows are moved out of the way first so `unique (article, order)` holds at
    every statement, on every database.
    """
    formset.save(commit=False)
    deleted = {obj.pk for obj in formset.deleted_objects}
    for obj in formset.deleted_objects:
        obj.delete()
    new = {id(obj) for obj in formset.new_objects}
    formset.model.objects.filter(article=formset.instance).update(order=F("order") + 10_000)
    rows = []
    for position, form in enumerate(formset.forms):
        instance = form.instance
        is_kept = instance.pk is not None and instance.pk not in deleted
        if not (is_kept or id(instance) in new):
            continue
        wanted = form.cleaned_data.get("order")
        rows.append((wanted is None, wanted or 0, position, instance))
    rows.sort(key=lambda row: row[:3])
    for number, (*_, instance) in enumerate(rows, start=1):
        instance.order = number
        instance.article = formset.instance
        instance.save()
