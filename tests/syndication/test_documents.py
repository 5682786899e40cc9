"""The API's stories as ninjs documents, checked against the IPTC's own schemas, through
the URLs a partner calls."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Organisation
from tests.factories import (
    add_byline,
    add_correction,
    add_quote,
    make_article,
    make_image,
    make_person,
    make_place,
    make_section,
)
from tests.syndication.conftest import bearer, make_key

pytestmark = pytest.mark.django_db


def full_story(section, **overrides):
    """A story with something in every relation a document shows."""
    country = make_place(name="Israel", slug="israel", wikidata_id="Q801")
    base = make_place(name="Nevatim", slug="nevatim", parent=country, geonames_id="294117")
    story = make_article(
        section=section, dateline=base, lead_image=make_image(caption="On the runway"),
        **overrides,
    )  # fmt: skip
    general = make_person(name="Dan Caine", slug="dan-caine", wikidata_id="Q131325539")
    writer = make_person(name="Jane Doe", slug="jane-doe")
    add_byline(story, writer)
    add_byline(story, make_person(name="Sam Lens"), role="photographer")
    story.people.add(general)
    story.places.add(country)
    story.organisations.add(
        Organisation.objects.create(name="IDF", slug="idf", kind="military", wikidata_id="Q58804")
    )
    add_quote(story, general, text="We stand together.", context="at the base")
    add_correction(story, text="An earlier version misnamed the base.")
    story.tags.add("Defence")
    return story


@pytest.fixture
def section():
    return make_section(name="World", slug="world")


def test_a_story_is_a_valid_ninjs_3_1_document_with_everything(client, section, ninjs_validators):
    story = full_story(section)
    _, raw = make_key(sections=[section])
    response = client.get(reverse("syndication:story", args=[story.pk]), **bearer(raw))
    assert response.status_code == 200
    doc = response.json()
    ninjs_validators["3.1"].validate(doc)
    assert doc["headlines"] == [{"role": "main", "value": story.headline}]
    assert doc["by"] == "Jane Doe"  # the photographer is credited in people only
    people = {(p["name"], p["rel"]): p for p in doc["people"]}
    assert people["Dan Caine", "about"]["uri"] == "http://www.wikidata.org/entity/Q131325539"
    assert people["Sam Lens", "photographer"]["literal"].startswith("person-")
    assert doc["organisations"][0]["uri"] == "http://www.wikidata.org/entity/Q58804"
    places = {p["name"]: p for p in doc["places"]}
    assert places["Nevatim"]["rel"] == "dateline"
    assert places["Nevatim"]["uri"] == "https://sws.geonames.org/294117/"
    assert places["Israel"]["uri"] == "http://www.wikidata.org/entity/Q801"
    assert doc["located"] == "Nevatim, Israel"
    by_rel = {a["rel"]: a for a in doc["associations"]}
    quote = by_rel["quote"]
    assert quote["bodies"][0]["value"] == "We stand together."
    assert quote["people"][0]["name"] == "Dan Caine"
    assert quote["people"][0]["rel"] == "speaker"
    assert by_rel["correction"]["bodies"][0]["value"] == "An earlier version misnamed the base."
    picture = by_rel["featureimage"]
    widths = {r["width"] for r in picture["renditions"]}
    assert 320 in widths and all(r["height"] > 0 for r in picture["renditions"])
    assert {"role": "caption", "value": "On the runway"} in picture["descriptions"]
    assert {"name": "Defence", "rel": "tag"}.items() <= doc["subjects"][1].items()
    assert "embargoedUntil" not in doc


def test_ninjs_2_2_on_request_validates_against_its_own_schema(client, section, ninjs_validators):
    story = full_story(section)
    _, raw = make_key(sections=[section])
    url = reverse("syndication:story", args=[story.pk])
    doc = client.get(url, {"ninjs": "2.2"}, **bearer(raw)).json()
    ninjs_validators["2.2"].validate(doc)
    # The schemas bite: each refuses the other version's document.
    assert not ninjs_validators["3.1"].is_valid(doc)
    assert not ninjs_validators["2.2"].is_valid(client.get(url, **bearer(raw)).json())
    assert doc["standard"]["version"] == "2.2"
    assert "versioncreated" in doc and "versionCreated" not in doc
    listed = client.get(reverse("syndication:story-list"), {"ninjs": "2.2"}, **bearer(raw))
    for item in listed.json()["items"]:
        ninjs_validators["2.2"].validate(item)


def test_an_embargoed_story_carries_its_embargo_in_both_versions(
    client, section, ninjs_validators
):
    at = timezone.now() + timedelta(hours=3)
    story = full_story(section, published_at=at)
    _, raw = make_key(sections=[section], allows_embargoed=True)
    url = reverse("syndication:story", args=[story.pk])
    doc = client.get(url, **bearer(raw)).json()
    ninjs_validators["3.1"].validate(doc)
    assert doc["embargoedUntil"] == timezone.localtime(at).isoformat(timespec="seconds")
    old = client.get(url, {"ninjs": "2.2"}, **bearer(raw)).json()
    ninjs_validators["2.2"].validate(old)
    assert old["embargoed"] == doc["embargoedUntil"]


def test_a_bare_story_is_valid_too(client, section, ninjs_validators):
    story = make_article(section=section, dek="", body="")
    _, raw = make_key(sections=[section])
    for version in ("3.1", "2.2"):
        doc = client.get(
            reverse("syndication:story", args=[story.pk]), {"ninjs": version}, **bearer(raw)
        ).json()
        ninjs_validators[version].validate(doc)


def test_an_unknown_ninjs_version_is_refused(client, section):
    story = make_article(section=section)
    _, raw = make_key(sections=[section])
    response = client.get(
        reverse("syndication:story", args=[story.pk]), {"ninjs": "1.0"}, **bearer(raw)
    )
    assert response.status_code == 400
    assert "2.2" in response.json()["detail"]


def test_the_openapi_description_is_served(client):
    response = client.get(reverse("syndication:openapi"))
    assert response.status_code == 200
    description = response.json()
    assert description["openapi"].startswith("3.")
    assert "/api/v1/stories/" in description["paths"]
    listed = description["paths"]["/api/v1/stories/"]["get"]
    assert {"section", "tag", "person", "since", "cursor", "limit"} <= {
        p["name"] for p in listed["parameters"]
    }
    assert "429" in listed["responses"]
    assert description["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"


def test_wire_copy_carries_its_credit_and_source(client, section, ninjs_validators):
    agency = Organisation.objects.create(
        name="JNS", slug="jns", kind="agency", wikidata_id="Q6108942", may_resyndicate=True
    )
    story = full_story(section, source=agency, source_url="https://www.jns.org/original-story/")
    _, raw = make_key(sections=[section])
    url = reverse("syndication:story", args=[story.pk])
    doc = client.get(url, **bearer(raw)).json()
    ninjs_validators["3.1"].validate(doc)
    assert doc["by"] == "Jane Doe, JNS"
    assert doc["infoSources"] == [
        {"name": "JNS", "role": "source", "uri": "http://www.wikidata.org/entity/Q6108942",
         "literal": "jns"}
    ]  # fmt: skip
    assert {"role": "original-url", "value": "https://www.jns.org/original-story/"} in doc[
        "altIds"
    ]
    old = client.get(url, {"ninjs": "2.2"}, **bearer(raw)).json()
    ninjs_validators["2.2"].validate(old)
    assert old["infosources"][0]["name"] == "JNS"
