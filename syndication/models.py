"""Syndication partners, their API keys (kept only as digests) and the webhook notices we
send them."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Section
from newsroom import safe_fetch

KEY_PREFIX = "nrs_"


def key_digest(raw_key):
    """What is stored for a key: its SHA-256. A key is 256 random bits, so a fast hash is
    enough (slow hashes are for passwords people choose); the key itself is never kept."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def new_webhook_secret():
    return f"whsec_{secrets.token_urlsafe(32)}"


def check_webhook_url(url):
    """A webhook may only point at a public address (newsroom/safe_fetch.py's rule)."""
    try:
        safe_fetch.check_url(url)
    except safe_fetch.FetchError as error:
        raise ValidationError(str(error), code="webhook_url_refused") from None


class Partner(models.Model):
    """An outlet that takes our stories: its keys, and where its webhook notices go."""

    name = models.CharField(max_length=200, unique=True)
    contact_email = models.EmailField(blank=True)
    webhook_url = models.URLField(
        "webhook address",
        max_length=500,
        blank=True,
        help_text="Optional: we POST a signed notice here when a story it may take is "
        "published or corrected. Public addresses only.",
    )
    webhook_secret = models.CharField(
        max_length=100,
        default=new_webhook_secret,
        help_text="The partner checks each notice's signature with this (HMAC-SHA256).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        permissions = [("manage_partners", "Can manage syndication partners and API keys")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.webhook_url:
            try:
                check_webhook_url(self.webhook_url)
            except ValidationError as error:
                raise ValidationError({"webhook_url": error}) from None


class ApiKeyQuerySet(models.QuerySet):
    def live(self):
        """Keys that still open the API: not revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner's key: the sections it may take, whether it takes embargoed copy, and how
    often it may ask. Only the key's digest is stored; the key is shown once, when made."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="keys")
    label = models.CharField(max_length=100, blank=True, help_text="e.g. “production”.")
    prefix = models.CharField(max_length=16, editable=False, help_text="To recognise it by.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    sections = models.ManyToManyField(
        Section, related_name="+", help_text="The sections whose stories this key may take."
    )
    allows_embargoed = models.BooleanField(
        "takes embargoed copy",
        default=False,
        help_text="Scheduled stories reach this key before their time, with the embargo.",
    )
    requests_per_minute = models.PositiveIntegerField(default=60)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "-created_at"]
        verbose_name = "API key"
        constraints = [
            models.CheckConstraint(
                condition=Q(requests_per_minute__gte=1), name="apikey_rate_positive"
            )
        ]

    def __str__(self):
        return f"{self.partner} · {self.label or self.prefix}…"

    def issue(self):
        """Give this (unsaved) key a new secret; returns it. Call once, before save()."""
        raw = f"{KEY_PREFIX}{secrets.token_urlsafe(32)}"
        self.prefix = raw[: len(KEY_PREFIX) + 6]
        self.digest = key_digest(raw)
        return raw

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def revoke(self):
        """Close the API to this key from now on."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            ApiKey.objects.filter(pk=self.pk).update(revoked_at=self.revoked_at)


class WebhookDelivery(models.Model):
    """One notice to one partner about one story: what was sent, how often, what came back."""

    class Event(models.TextChoices):
        PUBLISHED = "published", "Published"
        CORRECTED = "corrected", "Corrected"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Not sent"

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="deliveries")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=20, choices=Event)
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "-created_at"], name="delivery_status_new")]

    def __str__(self):
        return f"{self.get_event_display()} notice to {self.partner_id} for {self.article_id}"
