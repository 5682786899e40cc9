"""The admin's "View on site" for every record with a public page reaches that page."""

import re

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.factories import login, make_article, make_person, make_place, make_section

pytestmark = pytest.mark.django_db


def records():
    section = make_section(name="Politics", slug="politics")
    story = make_article(section=section)
    story.tags.add("Transport")
    return {
        "section": (section, "/section/politics/"),
        "person": (make_person(name="Dana Levi", slug="dana-levi"), "/people/dana-levi/"),
        "place": (make_place(name="Haifa", slug="haifa"), "/places/haifa/"),
        "tag": (Tag.objects.get(name="Transport"), "/tags/transport/"),
    }


@pytest.mark.parametrize("kind", ["section", "person", "place", "tag"])
def test_view_on_site_leads_to_the_public_page(client, kind):
    record, public_path = records()[kind]
    login(client, "superuser")
    meta = record._meta
    change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
    html = client.get(change).content.decode()
    link = re.search(r'<a href="([^"]+)" class="viewsitelink"', html)
    assert link, "no View on site link"
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    assert page.request["PATH_INFO"] == public_path
