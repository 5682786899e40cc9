from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from PIL import Image

        from articles import kept_invalidation

        kept_invalidation.connect()

        # Pillow warns only above ~89 megapixels and refuses above ~179; ours is lower,
        # and articles/images.py turns the warning into an error.
        Image.MAX_IMAGE_PIXELS = settings.NEWSROOM_IMAGE_MAX_PIXELS
