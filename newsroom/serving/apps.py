from django.apps import AppConfig, apps
from django.db.models.signals import post_init


class ServingConfig(AppConfig):
    """The site-wide serving parts; installed so the invalidation signals are connected."""

    name = "newsroom.serving"
    label = "serving"
    verbose_name = "Serving"

    def ready(self):
        from newsroom.serving import dependencies, invalidation

        # Each row of a model readers see, loaded while a page renders, tags the page. Per
        # model, so loading any other row costs nothing.
        for model in apps.get_models(include_auto_created=True):
            if invalidation.shown_to_readers(model):
                post_init.connect(
                    dependencies.row_loaded,
                    sender=model,
                    dispatch_uid=f"page-rows-{model._meta.label}",
                )
