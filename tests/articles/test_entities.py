"""People and places: the rules the database and the admin hold."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from articles.models import Place
from tests.factories import make_place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(31.2, None), (None, 34.9), (91, 10), (10, -181)],
    ids=["latitude-only", "longitude-only", "latitude-range", "longitude-range"],
)
def test_database_refuses_half_or_impossible_coordinates(latitude, longitude):
    with pytest.raises(IntegrityError):
        Place.objects.create(name="X", slug="x", latitude=latitude, longitude=longitude)


def place_post(place, **changes):
    data = {
        "name": place.name,
        "slug": place.slug,
        "kind": place.kind,
        "parent": place.parent_id or "",
        "latitude": "",
        "longitude": "",
        "description": "",
    }
    data.update(changes)
    return data


def test_admin_reports_half_coordinates_beside_the_form(editor_client):
    place = make_place()
    url = reverse("admin:articles_place_change", args=[place.pk])
    response = editor_client.post(url, place_post(place, latitude="31.2"))
    assert response.status_code == 200
    assert "Give both latitude" in response.content.decode()


def test_admin_refuses_a_place_inside_itself(editor_client):
    country = make_place(name="Country", kind="country")
    region = make_place(name="Region", parent=country)
    url = reverse("admin:articles_place_change", args=[country.pk])
    response = editor_client.post(url, place_post(country, parent=region.pk))
    assert response.status_code == 200
    assert "cannot be inside itself" in response.content.decode()
    country.refresh_from_db()
    assert country.parent is None
