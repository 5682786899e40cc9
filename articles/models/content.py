"""Stories, their old addresses, and the correction and update notes printed with them."""

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager

from articles.html import SanitizedHTMLField, plain_text
from articles.models.credits import Byline, Credited, Quote
from articles.models.media import Image
from articles.models.organisations import Organisation, Role
from articles.models.records import Person, Place, Section
from newsroom.serving import invalidation


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """Visible to readers (at `at`, default now): published, and its time has come."""
        at = at or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=at)

    def scheduled(self, at=None):
        """Published with a publication time still to come (after `at`, default now)."""
        at = at or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=at)

    def change_moments(self, now):
        """When scheduled stories go live (pages change then: newsroom/serving/schedule.py)."""
        return [invalidation.moments(self.scheduled(now), "published_at")]

    def viewable_by(self, user):
        """What this user may open on the site: the newsroom previews anything."""
        return self.all() if user.has_perm("articles.view_article") else self.published()

    def for_list(self):
        """What a story card shows: section and lead image with its renditions."""
        return self.select_related("section", "lead_image").prefetch_related(
            "lead_image__renditions"
        )

    def by_section(self, per_section):
        """The newest `per_section` stories of each section, in one query.

        On PostgreSQL, one UNION of each section's newest (each read from the
        (section, published_at) index), so the cost does not grow with the archive; where a
        part of a UNION cannot be limited (SQLite), a window over every story."""
        order = ("section__position", "section__name", "-published_at")
        if connection.features.supports_slicing_ordering_in_compound:
            newest = [
                self.filter(section_id=section.pk)
                .order_by("-published_at")
                .values_list("pk")[:per_section]
                for section in Section.objects.navigation()
            ]
            if not newest:
                return self.none()
            return self.filter(pk__in=newest[0].union(*newest[1:], all=True)).order_by(*order)
        rank = models.Window(
            RowNumber(), partition_by=[F("section_id")], order_by=F("published_at").desc()
        )
        return (
            self.filter(section__isnull=False)
            .annotate(section_rank=rank)
            .filter(section_rank__lte=per_section)
            .order_by(*order)
        )

    def written_by(self, person):
        """Stories with `person` in the byline. Their ids are read first (one query on the
        byline index): joined, PostgreSQL walked the whole archive newest first looking
        for the bylines of someone who has few or none (bench/RESULTS.md)."""
        ids = Byline.objects.filter(person=person).values_list("article_id", flat=True)
        return self.filter(pk__in=list(ids))

    def about_person(self, person):
        """Stories about `person` (linked as one of its people): the person's page."""
        return self.filter(people=person)

    def by_or_about(self, person):
        """Stories about `person` or with them in the byline, each once: the person's feed."""
        # Subqueries rather than joins, so a story both about and by them appears once.
        about = Article.people.through.objects.filter(person=person).values("article_id")
        written = Byline.objects.filter(person=person).values("article_id")
        return self.filter(Q(pk__in=about) | Q(pk__in=written))

    def about_place(self, place):
        """Stories about a place: linked to it or datelined there (each once). The same
        rule seen from the places: PlaceQuerySet.with_stories_in()."""
        tagged = Article.places.through.objects.filter(place=place).values("article_id")
        return self.filter(Q(pk__in=tagged) | Q(dateline=place))

    def licensed_for_partners(self):
        """Our own stories, and those whose source's licence lets partners take them
        (syndication's one rule of rights reads this)."""
        return self.filter(Q(source__isnull=True) | Q(source__may_resyndicate=True))

    def about_organisation(self, organisation):
        """Stories linked to an organisation: its page and its feed."""
        return self.filter(organisations=organisation)

    def for_story(self):
        """A story as its page reads it first: its source (the canonical link), kept parts
        and related list (StoryPage); the rest, for_page(), only if the parts are stale."""
        return self.select_related("source", "kept_page")

    def for_page(self):
        """Everything a story page shows, in a fixed number of queries: the story, its section,
        dateline, lead image, source, kept parts, bylines, quotes, people (with their roles:
        the title of the day), organisations, places and tags; the renditions come with the
        related stories', notes only when `has_notes` says there are some (Article.notes)."""
        visible_notes = Correction.objects.visible().filter(article=OuterRef("pk"))
        roles = models.Prefetch("roles", Role.objects.select_related("organisation"))
        return (
            self.select_related("section", "dateline__parent", "lead_image", "source", "kept_page")
            .prefetch_related(
                models.Prefetch("bylines", Byline.objects.select_related("person")),
                models.Prefetch("quotes", Quote.objects.select_related("speaker")),
                models.Prefetch("people", Person.objects.prefetch_related(roles)),
                "organisations",
                "places",
                "tags",
            )
            .annotate(has_notes=Exists(visible_notes))
        )


class Article(Credited, models.Model):
    """A story: what journalists write and readers read."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The story's address: lower case, hyphens."
    )
    dek = models.CharField(
        "standfirst",
        max_length=400,
        blank=True,
        help_text="One or two sentences under the headline.",
    )
    body = SanitizedHTMLField(blank=True)
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="Readers see the story from this time on. A future time schedules it.",
    )
    embargo_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="The source's embargo: the story cannot be published before this time.",
    )
    lead_image = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dateline = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="datelined_articles",
        help_text="Where the story was reported from.",
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="articles", help_text="The people this story is about."
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="articles", help_text="The places this story is about."
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="articles",
        help_text="The organisations this story is about.",
    )
    authors = models.ManyToManyField(
        Person, through="Byline", related_name="authored_articles", blank=True
    )
    tags = TaggableManager(blank=True)
    has_appeal = models.BooleanField(
        "show the fundraising appeal",
        default=True,
        db_default=True,
        help_text="Untick for stories that should carry no appeal to give.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modified_at = models.DateTimeField(
        "last updated",
        null=True,
        blank=True,
        editable=False,
        help_text="When a published story last changed in a way readers should know about.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            # A section's newest stories: the section page and the home page's blocks.
            models.Index(fields=["section", "-published_at"], name="article_section_published"),
            # The admin's story list in its default order (Meta.ordering, then the pk).
            models.Index(
                fields=["-published_at", "-created_at", "-id"], name="article_newest_first"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="A published story needs a publication time.",
            ),
            models.CheckConstraint(condition=~Q(headline=""), name="article_headline_set"),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(embargo_until__isnull=True)
                | Q(published_at__gte=F("embargo_until")),
                name="article_published_after_embargo",
                violation_error_message="A story cannot be published before its embargo ends.",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if self.pk is not None:
            # Keep the old address answering (301) when the slug changes.
            old_slug = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if old_slug and old_slug != self.slug:
                self.old_slugs.model.objects.update_or_create(
                    slug=old_slug, defaults={"article_id": self.pk}
                )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        day = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse(
            "articles:article-detail",
            kwargs={
                "year": f"{day.year:04d}",
                "month": f"{day.month:02d}",
                "day": f"{day.day:02d}",
                "slug": self.slug,
            },
        )

    @property
    def state_label(self):
        """The status as the newsroom says it: a published story not yet live is scheduled."""
        if self.status == self.Status.PUBLISHED and not self.is_live:
            return "Scheduled"
        return self.get_status_display()

    @property
    def is_live(self):
        """Readers can see it now (the row-level twin of published())."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def author_bylines(self):
        """Author credits in printed order (other credits go at the story's foot)."""
        return [b for b in self.bylines.all() if b.role in Byline.PRINTED_ROLES]

    @property
    def footer_bylines(self):
        """The other credits (additional reporting, photographs, translation...)."""
        return [b for b in self.bylines.all() if b.role not in Byline.PRINTED_ROLES]

    @property
    def last_modified_at(self):
        """When readers last saw it change: the later of publication and `modified_at`."""
        return max(filter(None, [self.modified_at, self.published_at]), default=None)

    @property
    def was_updated(self):
        """Changed after publication in a way worth telling readers."""
        return self.modified_at is not None and self.last_modified_at == self.modified_at

    def summary(self, words=50):
        """The standfirst, or the body's first words as plain text."""
        return self.dek or plain_text(self.body, words)

    @property
    def day(self):
        """The story's date in the newsroom's zone: what roles and titles are read for."""
        return timezone.localdate(self.published_at or self.created_at or timezone.now())

    def title_of(self, person):
        """A person's title on the story's day (Person.title_on): read from the story's
        linked people, whose roles for_page() prefetched; `role` for anyone else."""
        linked = next((p for p in self.people.all() if p.pk == person.pk), None)
        return person.role if linked is None else linked.title_on(self.day)

    def link_ids(self, name):
        """The ids of its "tags", "places" or "organisations": as kept with its page parts
        (`kept_links`, set by the story's view: no query), else from its prefetched rows."""
        kept = getattr(self, "kept_links", None)
        if kept is not None:
            return set(kept[name])
        return {row.pk for row in getattr(self, name).all()}

    @cached_property
    def notes(self):
        """The correction and update notes readers see now, oldest first; no query when
        for_page() found none."""
        if getattr(self, "has_notes", True) is False:
            return []
        return list(self.corrections.visible())


class CorrectionQuerySet(models.QuerySet):
    def visible(self):
        """Notes whose own time has come (shown on their story's page and in feeds)."""
        return self.filter(published_at__lte=timezone.now())

    def change_moments(self, now):
        """When notes dated ahead appear on their stories' pages."""
        return [invalidation.moments(self.filter(published_at__gt=now), "published_at")]

    def published(self):
        """Notes readers can see: on a published story, and their own time has come."""
        return self.filter(
            article__in=Article.objects.published(), published_at__lte=timezone.now()
        )


class Correction(models.Model):
    """A correction, clarification or update note shown with a story."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="correction_text_set")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.published_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # A note changes the story: its “updated” time (page, feeds, sitemaps, JSON-LD)
        # moves to the note's time, or to now for a note dated ahead.
        with transaction.atomic():
            super().save(*args, **kwargs)
            noted_at = min(self.published_at, timezone.now())
            Article.objects.filter(pk=self.article_id).filter(
                Q(modified_at__isnull=True) | Q(modified_at__lt=noted_at)
            ).update(modified_at=noted_at)
