"""Organisations stories are about, and the roles people hold in them over time."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from articles.models.records import FoldedName, Person, refuse_parent_cycle, wikidata_id_field
from articles.text_matching import fold


class Organisation(FoldedName):
    """A government, army, agency, publication, company, party or NGO."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "Government or ministry"
        MILITARY = "military", "Armed forces"
        AGENCY = "agency", "Agency"  # news agencies among them: wire stories credit them
        PUBLICATION = "publication", "Publication"
        COMPANY = "company", "Company"
        PARTY = "party", "Political party"
        NGO = "ngo", "NGO or charity"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The organisation this one is part of: a ministry's government.",
    )
    description = models.TextField(
        blank=True, help_text="One or two sentences readers see on its page."
    )
    wikidata_id = wikidata_id_field()
    # An agency's or publication's licence, read for the stories credited to it.
    canonical_to_original = models.BooleanField(
        "point search engines to the original",
        default=False,
        db_default=False,
        help_text="Its licence asks that our copy of its stories name the original's address "
        "as the canonical one.",
    )
    may_resyndicate = models.BooleanField(
        "partners may take its stories",
        default=False,
        db_default=False,
        help_text="Its licence lets us pass its stories on to our syndication partners.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organisation_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:organisation-detail", kwargs={"slug": self.slug})

    def clean(self):
        refuse_parent_cycle(
            self, "An organisation cannot be part of itself, directly or through others."
        )


class RoleQuerySet(models.QuerySet):
    def held_on(self, day):
        """Roles held on `day`: begun by then (or undated) and not ended before it."""
        return self.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=day),
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        )

    def ended_before(self, day):
        """Roles whose records say they were over before `day`."""
        return self.filter(ended_on__lt=day)


class Role(models.Model):
    """A title a person held in an organisation, from a date to a date (open while current)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    title = models.CharField(
        max_length=200, help_text="As the paper writes it: “Defence Minister”, “Chief of Staff”."
    )
    started_on = models.DateField("from", null=True, blank=True)
    ended_on = models.DateField(
        "until", null=True, blank=True, help_text="The last day in the role; empty while current."
    )

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="role_ends_after_it_starts",
                violation_error_message="A role cannot end before it starts.",
            ),
        ]

    def __str__(self):
        if self.organisation_id is None or fold(self.organisation.name) in fold(self.title):
            return self.title
        return f"{self.title}, {self.organisation.name}"

    def held_on(self, day):
        """The row-level twin of RoleQuerySet.held_on()."""
        if day is None:
            return self.ended_on is None
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or self.ended_on >= day
        )
