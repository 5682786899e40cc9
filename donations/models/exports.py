"""A CSV of the pledge list, prepared by a background task for the fundraiser who asked."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PledgeExport(models.Model):
    """The pledges a fundraiser's filters and search found, as CSV, kept a week."""

    class Status(models.TextChoices):
        PREPARING = "preparing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    query = models.CharField(
        max_length=2000, blank=True, help_text="The pledge list's filters and search."
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.PREPARING)
    rows = models.PositiveIntegerField(null=True, blank=True)
    # The CSV, gzip-compressed: in the database, so workers and app servers on any machine
    # share it, nothing in the media folder can serve it, and it expires with its row.
    content = models.BinaryField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Pledge export of {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def filename(self):
        return f"pledges-{timezone.localtime(self.created_at):%Y-%m-%d-%H%M}.csv"
