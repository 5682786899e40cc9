from django.apps import AppConfig


class GeneratorsConfig(AppConfig):
    """Demo content and benchmark data: the commands that invent them, no models."""

    name = "generators"
    verbose_name = "Demo and benchmark data"
