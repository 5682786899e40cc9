from django.apps import AppConfig


class ServingConfig(AppConfig):
    """The site-wide serving parts; installed so the invalidation signals are connected."""

    name = "newsroom.serving"
    label = "serving"
    verbose_name = "Serving"

    def ready(self):
        from newsroom.serving import invalidation  # noqa: F401  (connects the signals)
