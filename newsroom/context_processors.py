from django.conf import settings


def site(request):
    """The outlet's name and address, for every template."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
