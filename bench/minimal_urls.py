"""The project's URLs plus /bench/minimal/: Django's floor on this machine.

The minimal view returns a short response through the whole middleware stack, the same
settings and the same gunicorn; bench/serve.py prints every figure as a ratio to it. Only
bench/wsgi.py uses this module: the site never serves it.
"""

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def minimal(request):
    return HttpResponse("ok\n", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench-minimal"), *site_urlpatterns]
