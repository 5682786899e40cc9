"""Pictures: an uploaded image with its alt text, caption and credit, and its renditions."""

from django.conf import settings
from django.db import models, transaction

from articles import images


class Image(models.Model):
    """An uploaded picture with its alt text, caption and credit."""

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, WebP, AVIF or GIF. Location and camera data are removed.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer and agency, e.g. “Dana Levi / AP”."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text or self.caption or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs):
        # FieldFile._committed: undocumented (Django 5.2.19; tests/test_upgrade_guards.py).
        is_new_file = bool(self.file) and not self.file._committed
        if is_new_file:
            content, self.width, self.height = images.clean_original(self.file)
            self.file.save(content.name, content, save=False)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if is_new_file:
                # Renditions of a replaced picture would show the old one: pages use the
                # new original until the task has made the new renditions.
                self.forget_renditions()
                from articles import tasks  # the task module imports this one

                tasks.make_renditions.enqueue(self.pk)

    def forget_renditions(self):
        """Delete the renditions; their files once the deletion commits."""
        files = [rendition.file.name for rendition in self.renditions.all()]
        self.renditions.all().delete()
        storage = self._meta.get_field("file").storage

        def delete_files():
            for name in files:
                storage.delete(name)

        transaction.on_commit(delete_files)

    @transaction.atomic
    def make_renditions(self):
        """Replace this image's renditions with fresh ones made from the original."""
        self.forget_renditions()
        with self.file.open("rb") as original:
            for width, height, fmt, content in images.render(
                original, images.rendition_widths(self.width)
            ):
                rendition = Rendition(image=self, width=width, height=height, format=fmt)
                rendition.file.save(content.name, content, save=False)
                rendition.save()

    def renditions_in(self, fmt):
        """Renditions of one format, narrowest first (uses prefetched rows when present)."""
        return sorted((r for r in self.renditions.all() if r.format == fmt), key=lambda r: r.width)

    def srcset(self, fmt):
        return ", ".join(f"{r.file.url} {r.width}w" for r in self.renditions_in(fmt))

    @property
    def fallback_format(self):
        formats = {r.format for r in self.renditions.all()}
        return "png" if "png" in formats else "jpg"

    def fallback(self):
        """The widest JPEG or PNG rendition, for `<img src>`; None before renditions exist."""
        renditions = self.renditions_in(self.fallback_format)
        return renditions[-1] if renditions else None

    def thumbnail(self):
        renditions = self.renditions_in("webp")
        return renditions[0] if renditions else None


def rendition_path(rendition, filename):
    return f"renditions/{rendition.image_id}/{filename}"


class Rendition(models.Model):
    """One resized copy of an Image, made when the image is saved."""

    class Format(models.TextChoices):
        AVIF = "avif", "AVIF"
        WEBP = "webp", "WebP"
        JPEG = "jpg", "JPEG"
        PNG = "png", "PNG"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=Format)
    file = models.ImageField(upload_to=rendition_path)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format"], name="rendition_unique_size"
            ),
        ]

    def __str__(self):
        return f"{self.image_id} {self.width}w {self.format}"
