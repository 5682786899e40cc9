"""The credits and quotes printed with a story: its bylines, the source it came from, and
what named people said."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from articles.models.records import Person

# The kinds of organisation a story may be credited to (Organisation.Kind values).
SOURCE_KINDS = ["agency", "publication"]


class Credited(models.Model):
    """Where a story came from: an agency or another publication, alone (“JNS staff”) or
    beside people (“Jane Doe, JNS”), with the original's address and time."""

    source = models.ForeignKey(
        "articles.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sourced_articles",
        limit_choices_to={"kind__in": SOURCE_KINDS},
        verbose_name="credited to",
        help_text="The agency or publication this story comes from (wire copy, a partner's "
        "story). Leave empty for our own journalism.",
    )
    # db_default: rows written by older code (data migrations) leave these out.
    source_url = models.URLField("original address", max_length=500, blank=True, db_default="")
    source_published_at = models.DateTimeField("original time", null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.source_id is None and (self.source_url or self.source_published_at):
            raise ValidationError(
                {"source": "Say which agency or publication the original comes from."},
                code="source_missing",
            )

    @property
    def original_is_canonical(self):
        """The source's licence asks search engines to be sent to the original."""
        return bool(self.source_url and self.source and self.source.canonical_to_original)

    @property
    def credit_line(self):
        """The byline as plain text (feeds, the admin): “Jane Doe, Ben Ali, JNS”, “JNS staff”."""
        people = ", ".join(b.person.name for b in self.author_bylines)
        if self.source is None:
            return people
        return f"{people}, {self.source.name}" if people else f"{self.source.name} staff"


class Byline(models.Model):
    """A credit on a story, in the order it is printed."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        WIRE = "wire", "Wire reporter"  # an agency's journalist: printed as an author
        CONTRIBUTOR = "contributor", "Additional reporting"
        PHOTOGRAPHER = "photographer", "Photographs"
        EDITOR = "editor", "Edited by"
        TRANSLATOR = "translator", "Translated by"

    # Printed in the "By" line; the other roles go at the story's foot.
    PRINTED_ROLES = [Role.AUTHOR, Role.WIRE]

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
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

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="quotes"
    )
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
