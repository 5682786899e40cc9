"""What a browser asks of a site besides its pages: /favicon.ico, the web app manifest, the
theme colour and the icon a phone puts on its home screen."""

import io
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def static_file(url):
    """The bytes of the static file at `url` (/static/...), as collectstatic would copy it."""
    path = finders.find(re.sub(r"^/static/", "", url))
    assert path, f"no static file for {url}"
    with open(path, "rb") as file:
        return file.read()


@pytest.mark.parametrize("method", ["get", "head"])
def test_favicon_ico_leads_to_an_icon_file(client, method):
    response = getattr(client, method)("/favicon.ico")
    assert response.status_code == 302
    icon = Image.open(io.BytesIO(static_file(response["Location"])))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]


def test_manifest_names_the_site_and_its_icons(client):
    response = client.get(reverse("web-manifest"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "The Newsroom"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"] == "#8a1c1c"
    sizes = {}
    for icon in manifest["icons"]:
        data = static_file(icon["src"])
        if icon["type"] == "image/png":
            sizes[icon["sizes"]] = Image.open(io.BytesIO(data)).size
    assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}


def test_every_page_names_its_icons_manifest_and_theme_colour(client):
    html = client.get(reverse("articles:home")).content.decode()

    assert f'<link rel="manifest" href="{reverse("web-manifest")}">' in html
    assert '<meta name="theme-color" content="#8a1c1c">' in html
    assert '<meta name="color-scheme" content="light dark">' in html
    touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)">', html)[1]
    assert Image.open(io.BytesIO(static_file(touch))).size == (180, 180)
    ico = re.search(r'<link rel="icon" href="([^"]+\.ico)"', html)[1]
    assert Image.open(io.BytesIO(static_file(ico))).format == "ICO"
