"""What an import remembers: which of our records each outside object became (so running
it again changes nothing), and the addresses stories had on the old site (so old links
keep working)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from articles.models import Article


class ImportedObject(models.Model):
    """An object of an outside source (a WordPress post, author, category, attachment) and
    the record it became here. `digest` is a fingerprint of the object as it was imported,
    so a later export that changed it can be reported."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        ATTACHMENT = "attachment", "Attachment"

    source = models.CharField(
        max_length=300, help_text="Where it came from, e.g. wordpress:https://old.example.org"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    external_id = models.CharField(max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "external_id"], name="imported_object_once"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="imported_record")]

    def __str__(self):
        return f"{self.source} {self.kind} {self.external_id}"


class OldAddress(models.Model):
    """A path a story answered at on the old site: it answers 301 to the story's address
    here while the story is published (imports/old_addresses.py). `path` is as the request
    arrives (percent-decoded), with `?p=<id>` kept for WordPress's short form."""

    path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "old addresses"

    def __str__(self):
        return self.path
