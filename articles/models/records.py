"""The paper's own records: its sections, and the people and places stories are about."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from articles.models.media import Image
from articles.text_matching import fold
from newsroom.serving import kept
from newsroom.serving.dependencies import every_tag

# Authority identifiers: what JSON-LD's sameAs points at. Format only: nothing is looked up.
wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]{0,11}$",
    "A Wikidata id is Q followed by digits, e.g. Q42 (copy it from the item's page).",
    code="invalid_wikidata_id",
)
geonames_id_validator = RegexValidator(
    r"^[1-9][0-9]{0,11}$",
    "A GeoNames id is a number, e.g. 293397 (from the place's geonames.org address).",
    code="invalid_geonames_id",
)


def wikidata_id_field():
    return models.CharField(
        "Wikidata id",
        max_length=14,
        blank=True,
        validators=[wikidata_id_validator],
        help_text="Optional, e.g. Q42: tells search engines which one this is.",
    )


def wikidata_url(wikidata_id):
    return f"https://www.wikidata.org/wiki/{wikidata_id}" if wikidata_id else ""


class FoldedName(models.Model):
    """A record with a `name`, kept with its `folded_name`: the people, places and
    organisations the newsroom checks look up by name."""

    # The name without accents or case (text_matching.fold()), kept by save(): the newsroom
    # checks look names up here, on an index, whatever the number of records.
    folded_name = models.CharField(max_length=200, editable=False, db_index=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.folded_name = fold(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "folded_name"}
        super().save(*args, **kwargs)

    @property
    def same_as(self):
        """Where the rest of the web describes it (JSON-LD sameAs): its Wikidata item."""
        return [url for url in [wikidata_url(self.wikidata_id)] if url]


def refuse_parent_cycle(record, message):
    """Raise ValidationError(`message`) on `parent` when `record` is among its own ancestors
    (the check constraints catch only the direct case): Place and Organisation clean()."""
    ancestor, seen = record.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if record.pk is not None and ancestor.pk == record.pk:
            # The code on the field's error: given beside a dict, Django drops it.
            raise ValidationError({"parent": ValidationError(message, code="parent_cycle")})
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


class SectionManager(models.Manager):
    def navigation(self):
        """Every section in menu order (on every reader page), kept until content changes
        (newsroom.serving.kept); from the database when the cache is down."""
        return kept.kept_until_change(
            kept.SECTION_MENU, lambda: list(self.all()), tags=[every_tag("section")]
        )


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

    def get_absolute_url(self):
        return reverse("articles:section-detail", kwargs={"slug": self.slug})


class Person(FoldedName):
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
    wikidata_id = wikidata_id_field()
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

    def get_absolute_url(self):
        return reverse("articles:person-detail", kwargs={"slug": self.slug})

    @property
    def full_name(self):
        return f"{self.honorific} {self.name}".strip()

    def role_on(self, day):
        """The title held on `day` (the latest begun, when several), from the prefetched
        roles; None when the records say nothing for that day."""
        held = [role for role in self.roles.all() if role.held_on(day)]
        return max(held, key=lambda role: role.started_on or day, default=None)

    def title_on(self, day):
        """What to print after the name on `day`: the role of the day, else `role`."""
        role = self.role_on(day)
        return str(role) if role is not None else self.role


class PlaceQuerySet(models.QuerySet):
    def with_stories_in(self, articles):
        """Places some of `articles` are about: linked to them or their dateline (the rule
        of ArticleQuerySet.about_place(), seen from the places)."""
        # EXISTS rather than IN: PostgreSQL then looks up each place's stories through the
        # link indexes instead of hashing every story's places (bench/page_queries.py).
        return self.filter(
            Exists(articles.filter(places=OuterRef("pk")))
            | Exists(articles.filter(dateline=OuterRef("pk")))
        )


class Place(FoldedName):
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
    wikidata_id = wikidata_id_field()
    geonames_id = models.CharField(
        "GeoNames id",
        max_length=12,
        blank=True,
        validators=[geonames_id_validator],
        help_text="Optional, e.g. 293397 for Tel Aviv.",
    )

    objects = PlaceQuerySet.as_manager()

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

    def get_absolute_url(self):
        return reverse("articles:place-detail", kwargs={"slug": self.slug})

    @property
    def same_as(self):
        """Where the rest of the web describes this place (JSON-LD sameAs): its Wikidata
        item, then its GeoNames entry."""
        urls = super().same_as
        if self.geonames_id:
            urls.append(f"https://sws.geonames.org/{self.geonames_id}/")
        return urls

    def clean(self):
        refuse_parent_cycle(self, "A place cannot be inside itself, directly or through others.")
