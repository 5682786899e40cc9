"""What an import remembers: which of our records each outside object became (so running
it again changes nothing), the addresses stories had on the old site (so old links keep
working), and the agencies' feeds staff set up for wire ingest."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Organisation, Section
from articles.models.credits import SOURCE_KINDS


class ImportedObject(models.Model):
    """An object of an outside source (a WordPress post, author, category, attachment) and
    the record it became here. `digest` is a fingerprint of the object as it was imported,
    so a later export that changed it can be reported."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        ATTACHMENT = "attachment", "Attachment"
        ITEM = "item", "Agency item"

    source = models.CharField(
        max_length=300, help_text="Where it came from, e.g. wordpress:https://old.example.org"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    external_id = models.CharField(max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    digest = models.CharField(max_length=64, blank=True)
    # An agency item's version (ninjs `version`, NewsML-G2 `@version`): an older one that
    # arrives late is ignored.
    version = models.PositiveIntegerField(default=0, db_default=0)
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


class FeedSourceQuerySet(models.QuerySet):
    def due(self, now=None):
        """Active polled sources whose next fetch time has come (or never fetched)."""
        now = now or timezone.now()
        return self.filter(is_active=True, delivery=FeedSource.Delivery.POLL).filter(
            Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
        )


class FeedSource(models.Model):
    """An agency's or publication's feed: what it sends, how it reaches us, where its
    stories land and whom they are credited to; with what happened last time."""

    class Format(models.TextChoices):
        NINJS = "ninjs", "IPTC ninjs JSON (2.x or 3.x)"
        NEWSML = "newsml", "IPTC NewsML-G2 XML"
        RSS = "rss", "RSS 2.0 or Atom"

    class Delivery(models.TextChoices):
        POLL = "poll", "We fetch its address on a schedule"
        PUSH = "push", "It sends items to our endpoint, with a secret"

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=80, unique=True, help_text="Part of the push address: /ingest/<slug>/."
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="feed_sources",
        limit_choices_to={"kind__in": SOURCE_KINDS},
        verbose_name="credited to",
    )
    format = models.CharField(max_length=20, choices=Format)
    delivery = models.CharField(max_length=20, choices=Delivery, default=Delivery.POLL)
    url = models.URLField("feed address", max_length=500, blank=True)
    interval_minutes = models.PositiveIntegerField(
        "fetch every (minutes)", default=15, db_default=15
    )
    secret_digest = models.CharField(max_length=64, blank=True, editable=False)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="+", help_text="Where its items land."
    )
    is_active = models.BooleanField("active", default=True, db_default=True)
    # Moved on by poll_sources when it queues a fetch, so a slow worker is not sent twice.
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_fetched_at = models.DateTimeField("last fetch", null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    items_created = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    items_updated = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    items_proposed = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    items_refused = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects = FeedSourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(delivery="poll") | ~Q(url=""),
                name="feed_source_polled_has_url",
                violation_error_message="A source we fetch needs its feed address.",
            ),
            models.CheckConstraint(
                condition=Q(interval_minutes__gte=1), name="feed_source_interval_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("imports:ingest-push", args=[self.slug])

    @property
    def import_source(self):
        """Its name in ImportedObject.source: the items it sent, found again."""
        return f"feed:{self.pk}"

    def queued(self, now):
        """Note that a fetch was queued at `now`: the next is due an interval later."""
        self.next_poll_at = now + timedelta(minutes=self.interval_minutes)
        FeedSource.objects.filter(pk=self.pk).update(next_poll_at=self.next_poll_at)

    def new_secret(self):
        """Make (and return, to be shown once) a new push secret; only its digest is kept.
        A random 256-bit token needs no slow hash: nothing can be guessed from its digest."""
        secret = secrets.token_urlsafe(32)
        self.secret_digest = _digest(secret)
        return secret

    def secret_matches(self, given):
        """Whether `given` is this source's push secret (compared in constant time)."""
        if not self.secret_digest or not given:
            return False
        return hmac.compare_digest(self.secret_digest, _digest(given))


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()
