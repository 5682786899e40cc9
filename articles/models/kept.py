"""What a story's page keeps between changes: its related stories, and the parts of the page
every reader gets the same (articles/related.py and articles/story_parts.py write them)."""

from django.db import models

from articles.models.content import Article


class RelatedStory(models.Model):
    """One of a story's related stories, best first: published (live or scheduled) when
    the list was made; the page shows the first that are live (articles/related.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    # Indexed by the foreign key: "which stories list this one", when it changes.
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="listed_in")
    position = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "position"], name="relatedstory_one_per_position"
            ),
        ]

    def __str__(self):
        return f"{self.article_id} → {self.related_id} ({self.score})"


class StoryPage(models.Model):
    """A story's page parts rendered once (articles/story_parts.py): its meta tags with
    the JSON-LD, and the story itself. Used only while `rendered_token` is the current
    `token` (every change to what they show draws a new one), the story's own row is
    as it was (`fingerprint`), and no note has come due since (`fresh_until`)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="kept_page"
    )
    token = models.BigIntegerField(default=0)
    rendered_token = models.BigIntegerField(null=True, blank=True)
    fingerprint = models.CharField(max_length=32, blank=True)
    head = models.TextField(blank=True)
    story = models.TextField(blank=True)
    # The rows the parts show, as the page cache names them (`person-3`), for the page.
    shown = models.JSONField(default=list, blank=True)
    # The story's own tag, place and organisation ids ({"tags": [...], ...}), kept with
    # the parts for what the page asks of them (the appeal's targeting); null: not kept.
    links = models.JSONField(null=True, blank=True)
    fresh_until = models.DateTimeField(null=True, blank=True)
    # When the related list (RelatedStory) was last made; never: the page works it out.
    related_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Page parts of story {self.article_id}"
