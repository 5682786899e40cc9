"""The newsroom checks on a corpus of realistic stories (check_corpus.py), each saved through
the admin form as an editor would: every planted fault found, no false alarm on the clean
look-alikes."""

import unicodedata
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Organisation, Person, Place, Role
from tests.articles import check_corpus
from tests.articles.admin_data import article_post
from tests.factories import login, make_article, make_image, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """The corpus's records, by kind and slug, and a story of yesterday linking some people."""
    data = check_corpus.RECORDS
    found = {"organisation": {}, "place": {}, "person": {}}
    for row in data["organisations"]:
        found["organisation"][row["slug"]] = Organisation.objects.create(**row)
    for row in data["places"]:
        found["place"][row["slug"]] = Place.objects.create(**row)
    for row in data["people"]:
        found["person"][row["slug"]] = Person.objects.create(**row)
    for person, organisation, title, started_on, ended_on in data["roles"]:
        Role.objects.create(
            person=found["person"][person],
            organisation=found["organisation"][organisation],
            title=title,
            started_on=started_on,
            ended_on=ended_on,
        )
    yesterday = make_article(published_at=timezone.now() - timedelta(days=1))
    yesterday.people.add(*[found["person"][slug] for slug in data["recently_linked"]])
    return found


def typed(text):
    """The text as the story gives it: decomposed (NFD) where it says so."""
    if text.startswith(check_corpus.NFD):
        return unicodedata.normalize("NFD", text.removeprefix(check_corpus.NFD))
    return text.replace(check_corpus.NFD, "")


def save_through_the_admin(client, story, records):
    """The story as an editor's POST to the add form, "Save and continue editing"; the
    findings the change form then shows."""
    image = make_image(credit="Staff", **story.get("image", check_corpus.CLEAN_IMAGE))
    quotes = [
        {"speaker": records["person"][slug].pk, "text": text, "context": "", "order": ""}
        for slug, text in story.get("quotes", [])
    ]
    places = [records["place"][slug] for slug in story.get("places", [])]
    dateline = records["place"][story["dateline"]] if "dateline" in story else None
    dateline = dateline or (places[0] if places else None)
    data = article_post(
        headline=story["headline"],
        slug="corpus-story",
        dek="",
        body=typed(story["body"]),
        section=str(make_section().pk),
        lead_image=str(image.pk),
        dateline=str(dateline.pk) if dateline else "",
        people=[str(records["person"][slug].pk) for slug in story.get("people", [])],
        organisations=[
            str(records["organisation"][slug].pk) for slug in story.get("organisations", [])
        ],
        places=[str(place.pk) for place in places],
        quotes=quotes,
        _continue="1",
    )
    response = client.post(reverse("admin:articles_article_add"), data, follow=True)
    assert response.status_code == 200
    assert "newsroom_checks" in response.context, response.context.get("errors")
    Article.objects.filter(slug="corpus-story").delete()
    return response.context["newsroom_checks"]


@pytest.mark.parametrize("story", check_corpus.STORIES, ids=lambda story: story["name"])
def test_every_fault_found_and_no_false_alarm(client, records, story):
    login(client, "editor")
    findings = save_through_the_admin(client, story, records)
    assert [finding.code for finding in findings] == story["expected"], [
        finding.message for finding in findings
    ]
    for finding in findings:
        expected_level = "note" if finding.code.startswith("possible-") else "warning"
        assert finding.level == expected_level
