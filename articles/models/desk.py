"""What the desk maintains for the newsroom checks: boilerplate that wire copy carries."""

import re

from django.core.exceptions import ValidationError
from django.db import models


class BoilerplatePatternQuerySet(models.QuerySet):
    def active(self):
        """The patterns the checks and wire ingest apply."""
        return self.filter(is_active=True)


class BoilerplatePattern(models.Model):
    """A paragraph that is not the story: an agency's own appeal, a subscription plug."""

    class Kind(models.TextChoices):
        PHRASE = "phrase", "Words the paragraph contains"
        START = "start", "Words the paragraph starts with"
        REGEX = "regex", "Regular expression (for the technically minded)"

    name = models.CharField(max_length=120, help_text="What it is: “JNS donation appeal”.")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.PHRASE)
    pattern = models.CharField(
        max_length=500,
        help_text="Compared without case, accents or the kind of quotation mark. "
        "In words, “…” stands for any words.",
    )
    covers_rest = models.BooleanField(
        "the rest goes with it",
        default=False,
        help_text="Tick for an appeal's heading: every paragraph after it is the appeal too.",
    )
    is_active = models.BooleanField("in use", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BoilerplatePatternQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "boilerplate pattern"

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.REGEX:
            try:
                re.compile(self.pattern)
            except re.error as error:
                raise ValidationError(
                    {"pattern": f"This is not a regular expression Python reads: {error}."},
                    code="invalid_regex",
                ) from None
