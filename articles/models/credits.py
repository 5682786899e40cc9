"""The credits and quotes printed with a story: its bylines, and what named people said."""

from django.db import models
from django.db.models import Q

from articles.models.records import Person


class Byline(models.Model):
    """A credit on a story, in the order it is printed."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        CONTRIBUTOR = "contributor", "Additional reporting"
        PHOTOGRAPHER = "photographer", "Photographs"
        EDITOR = "editor", "Edited by"

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
