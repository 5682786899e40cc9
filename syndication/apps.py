from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "syndication"
    label = "syndication"
    verbose_name = "Syndication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Publishing and corrections are the newsroom's; this app only listens
        # (articles never imports syndication: tests/test_layout.py).
        from syndication import signals

        signals.connect()
