"""Addresses on the public site: every absolute URL we publish is built here.

Feeds, sitemaps, JSON-LD, canonical links and robots.txt name settings.SITE_URL, never the
Host header a request arrived with (a proxy, an internal name, or a forged header).
"""

from urllib.parse import urljoin

from django.conf import settings


def absolute_url(url):
    """`url` (a path, or already absolute, e.g. on a CDN) as an absolute URL on SITE_URL."""
    return urljoin(settings.SITE_URL + "/", str(url))
