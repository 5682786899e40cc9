"""A story's history on the desk: each workflow step, and each saved revision."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.content import Article
from newsroom.staff import display_name


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
        return display_name(self.changed_by)


class RevisionQuerySet(models.QuerySet):
    def kept(self):
        """States the story was saved in, proposed changes left out."""
        return self.filter(proposal="")

    def waiting(self):
        """Changes proposed to a published story, waiting for an editor."""
        return self.filter(proposal=Revision.Proposal.WAITING)


class Revision(models.Model):
    """A saved state of a story with its bylines, quotes, people, places and tags, or a
    state proposed for a published story (`proposal` set) that readers see only once an
    editor publishes it.

    `data` is the snapshot `revisions.snapshot()` makes; `revisions.py` reads and restores it,
    `proposals.py` proposes, publishes and sends back.
    """

    class Proposal(models.TextChoices):
        """Where proposed changes stand; blank for a state the story was saved in."""

        WAITING = "waiting", "Waiting for an editor"
        PUBLISHED = "published", "Published"
        SENT_BACK = "sent_back", "Sent back"

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
    proposal = models.CharField(max_length=20, choices=Proposal, blank=True)
    note = models.TextField(blank=True, help_text="The writer's note with proposed changes.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique"),
            # One set of changes waits per story: the editor reviews one difference.
            models.UniqueConstraint(
                fields=["article"],
                condition=models.Q(proposal="waiting"),
                name="revision_one_proposal_waiting",
            ),
        ]

    def __str__(self):
        return f"Revision {self.number} of {self.article_id}"


class ArticleSlugHistory(models.Model):
    """An address a story used to have, so old links keep working."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "article slug history"

    def __str__(self):
        return self.slug
