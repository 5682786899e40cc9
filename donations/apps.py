from django.apps import AppConfig


class DonationsConfig(AppConfig):
    name = "donations"
    verbose_name = "Fundraising"
    default_auto_field = "django.db.models.BigAutoField"
