import contextlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from redis.exceptions import RedisError
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from articles import images, page_cache
from articles.html import SanitizedHTMLField, plain_text


class SectionManager(models.Manager):
    def navigation(self):
        """Every section in menu order (on every reader page): kept in the cache until
        content changes (page_cache.forget_pages(), like the pages themselves); read from
        the database when the cache is down."""
        key = page_cache.section_menu_key()
        try:
            sections = cache.get(key)
        except RedisError:
            sections = None
        if sections is None:
            sections = list(self.all())
            with contextlib.suppress(RedisError):
                cache.set(key, sections, None)
        return sections


class Section(models.Model):
    """A department of the paper: World, Politics, Culture."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in this order on the site."
    )

    objects = SectionManager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Image(models.Model):
    """An uploaded picture with its alt text, caption and credit."""

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, WebP, AVIF or GIF. Location and camera data are removed.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer and agency, e.g. “Dana Levi / AP”."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text or self.caption or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        is_new_file = bool(self.file) and not self.file._committed
        if is_new_file:
            content, self.width, self.height = images.clean_original(self.file)
            self.file.save(content.name, content, save=False)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if is_new_file:
                self.make_renditions()

    def make_renditions(self):
        """Replace this image's renditions with fresh ones made from the original."""
        for old in self.renditions.all():
            old.file.delete(save=False)
        self.renditions.all().delete()
        with self.file.open("rb") as original:
            for width, height, fmt, content in images.render(
                original, images.rendition_widths(self.width)
            ):
                rendition = Rendition(image=self, width=width, height=height, format=fmt)
                rendition.file.save(content.name, content, save=False)
                rendition.save()

    def renditions_in(self, fmt):
        """Renditions of one format, narrowest first (uses prefetched rows when present)."""
        return sorted((r for r in self.renditions.all() if r.format == fmt), key=lambda r: r.width)

    def srcset(self, fmt):
        return ", ".join(f"{r.file.url} {r.width}w" for r in self.renditions_in(fmt))

    @property
    def fallback_format(self):
        formats = {r.format for r in self.renditions.all()}
        return "png" if "png" in formats else "jpg"

    def fallback(self):
        """The widest non-WebP rendition, for `<img src>`; None before renditions exist."""
        renditions = self.renditions_in(self.fallback_format)
        return renditions[-1] if renditions else None

    def thumbnail(self):
        renditions = self.renditions_in("webp")
        return renditions[0] if renditions else None


def rendition_path(rendition, filename):
    return f"renditions/{rendition.image_id}/{filename}"


class Rendition(models.Model):
    """One resized copy of an Image, made when the image is saved."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpg", "JPEG"
        PNG = "png", "PNG"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=Format)
    file = models.ImageField(upload_to=rendition_path)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format"], name="rendition_unique_size"
            ),
        ]

    def __str__(self):
        return f"{self.image_id} {self.width}w {self.format}"


class Person(models.Model):
    """Someone the paper writes about, quotes, or employs (or all three)."""

    honorific = models.CharField(
        max_length=60, blank=True, help_text="Rank or title as used before the name: “Lt. Gen.”"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    role = models.CharField(
        max_length=300, blank=True, help_text="Short description: “Chief of the General Staff”."
    )
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        Image, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="For staff: the login this person writes under.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        return f"{self.honorific} {self.name}".strip()


class Place(models.Model):
    """A country, city, base or site that stories happen in or are about."""

    class Kind(models.TextChoices):
        COUNTRY = "country", "Country"
        REGION = "region", "Region"
        CITY = "city", "City or town"
        FACILITY = "facility", "Base or facility"
        SITE = "site", "Site or landmark"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.CITY)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The place this one is in: a city's region or country.",
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="place_coordinates_valid",
                violation_error_message="Give both latitude (−90 to 90) and longitude "
                "(−180 to 180), or neither.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="place_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": "A place cannot be inside itself, directly or through others."},
                    code="parent_cycle",
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """Visible to readers (at `at`, default now): published, and its time has come."""
        at = at or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=at)

    def scheduled(self, at=None):
        """Published with a publication time still to come (after `at`, default now)."""
        at = at or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=at)

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
        for the bylines of someone who has few or none (150 ms at 100,000 stories)."""
        ids = Byline.objects.filter(person=person).values_list("article_id", flat=True)
        return self.filter(pk__in=list(ids))

    def about_place(self, place):
        """Stories about a place or datelined there (each once)."""
        tagged = Article.places.through.objects.filter(place=place).values("article_id")
        return self.filter(Q(pk__in=tagged) | Q(dateline=place))

    def for_page(self):
        """Everything an article page shows, in a fixed number of queries: the story with
        its section, dateline and lead image; its bylines, quotes, people, places and tags.
        The lead image's renditions come with the related stories' (related_stories()),
        and the notes only when `has_notes` says there are some (Article.notes)."""
        visible_notes = Correction.objects.visible().filter(article=OuterRef("pk"))
        return (
            self.select_related("section", "dateline__parent", "lead_image")
            .prefetch_related(
                models.Prefetch("bylines", Byline.objects.select_related("person")),
                models.Prefetch("quotes", Quote.objects.select_related("speaker")),
                "people",
                "places",
                "tags",
            )
            .annotate(has_notes=Exists(visible_notes))
        )


class Article(models.Model):
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
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if self.pk is not None:
            # Keep the old address answering (301) when the slug changes.
            old_slug = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
            if old_slug and old_slug != self.slug:
                ArticleSlugHistory.objects.update_or_create(
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
        return [b for b in self.bylines.all() if b.role == Byline.Role.AUTHOR]

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

    def related_stories(self, count=4):
        """Published stories sharing people, places or tags (3, 2 and 2 points for each),
        best match first, then the newest of the same section.

        One query, whatever the size of the archive. The candidates are, for each person,
        place and tag set, the RELATED_CANDIDATES newest stories linked to them (found in
        the link tables by their indexes), and the section's newest; only those are scored
        by counting their shared links. A popular tag on thousands of stories therefore
        costs no more than a rare one. It uses the ids for_page() prefetched, and one more
        query fetches the renditions of every lead image on the page (this story's too).
        """
        people = [p.pk for p in self.people.all()]
        places = [p.pk for p in self.places.all()]
        tags = [t.pk for t in self.tags.all()]
        published = Article.objects.published()
        links = [
            (Article.people.through.objects.filter(person__in=people), "article_id", 3),
            (Article.places.through.objects.filter(place__in=places), "article_id", 2),
            (
                TaggedItem.objects.filter(tag__in=tags, content_type=_article_type()),
                "object_id",
                2,
            ),
        ]
        candidates = []
        score = Value(0)
        for rows, column, points in [
            link for link, ids in zip(links, [people, places, tags], strict=True) if ids
        ]:
            candidates.append(_newest(rows.order_by(f"-{column}").values_list(column)))
            shared = (
                rows.filter(**{column: OuterRef("pk")})
                .order_by()
                .values(column)
                .annotate(n=Count("*"))
                .values("n")
            )
            score = score + Coalesce(Subquery(shared), 0) * points
        if self.section_id:
            newest = published.filter(section_id=self.section_id).order_by("-published_at")
            candidates.append(_newest(newest.values_list("pk")))
        if not candidates:
            related = []
        else:
            # One subquery (a UNION), so PostgreSQL looks the candidates up by primary key
            # instead of testing every story against several IN lists.
            related = list(
                published.exclude(pk=self.pk)
                .filter(pk__in=candidates[0].union(*candidates[1:], all=True))
                .annotate(score=score)
                .order_by("-score", "-published_at")
                .select_related("section", "lead_image")[:count]
            )
        # This story's lead image and theirs: one query for every rendition.
        prefetch_related_objects([self, *related], "lead_image__renditions")
        return related

    @cached_property
    def notes(self):
        """The correction and update notes readers see now, oldest first; no query when
        for_page() found none."""
        if getattr(self, "has_notes", True) is False:
            return []
        return list(self.corrections.visible())


# Stories considered for "related", per kind of link and for the section: the newest.
RELATED_CANDIDATES = 200


def _newest(rows):
    """The first RELATED_CANDIDATES of `rows`, where the database can limit a part of a
    UNION (PostgreSQL; SQLite cannot, and holds small archives)."""
    if connection.features.supports_slicing_ordering_in_compound:
        return rows[:RELATED_CANDIDATES]
    return rows.order_by()


def _article_type():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Article)


class ArticleSlugHistory(models.Model):
    """An address a story used to have, so old links keep working."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "article slug history"

    def __str__(self):
        return self.slug


class Byline(models.Model):
    """A credit on a story, in the order it is printed."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        CONTRIBUTOR = "contributor", "Additional reporting"
        PHOTOGRAPHER = "photographer", "Photographs"
        EDITOR = "editor", "Edited by"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=20, choices=Role, default=Role.AUTHOR)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="byline_person_once"),
            models.UniqueConstraint(fields=["article", "order"], name="byline_order_unique"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class Quote(models.Model):
    """Words a named person said, as the story reports them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField(help_text="The words only, without quotation marks.")
    context = models.CharField(
        max_length=300, blank=True, help_text="Where or how it was said: “at a news conference”."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="quote_order_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_set"),
        ]

    def __str__(self):
        return f"{self.speaker}: “{self.text[:60]}”"


class CorrectionQuerySet(models.QuerySet):
    def visible(self):
        """Notes whose own time has come (shown on their story's page and in feeds)."""
        return self.filter(published_at__lte=timezone.now())

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


class StatusChange(models.Model):
    """One step of a story through the workflow: who moved it, from what, to what, when.

    Written by `workflow.record_transition()` only, so the log is the workflow's own record.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Article.Status, blank=True)
    to_status = models.CharField(max_length=20, choices=Article.Status)
    published_at = models.DateTimeField(
        "publication time", null=True, blank=True, help_text="The time set by this step."
    )
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["article", "-changed_at"], name="status_change_article"),
        ]

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"

    @property
    def by_name(self):
        """Who took the step, as the newsroom knows them (select_related changed_by)."""
        if self.changed_by is None:
            return "—"
        return self.changed_by.get_full_name() or self.changed_by.get_username()


class Revision(models.Model):
    """A saved state of a story with its bylines, quotes, people, places and tags.

    `data` is the snapshot `revisions.snapshot()` makes; `revisions.py` reads and restores it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    summary = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique"),
        ]

    def __str__(self):
        return f"Revision {self.number} of {self.article_id}"
