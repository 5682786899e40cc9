"""An agency pushes its items to /ingest/<slug>/: each becomes a credited story in review."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Revision, StatusChange
from imports.models import FeedSource, ImportedObject
from tests.articles.admin_data import change_post
from tests.factories import image_bytes, make_person
from tests.imports.wire_documents import APPEAL, STORY, make_source, ninjs, paragraphs

pytestmark = pytest.mark.django_db


def push(client, source, data, *, secret=None, content_type="application/json"):
    headers = {}
    secret = source.test_secret if secret is None else secret
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    url = reverse("imports:ingest-push", args=[source.slug])
    return client.post(url, data, content_type=content_type, headers=headers)


def test_a_pushed_ninjs_item_becomes_a_credited_story_in_review(client):
    source = make_source()
    reporter = make_person(name="Dana Levi")

    response = push(client, source, ninjs())

    assert response.status_code == 200, response.content
    assert response.json()["counts"] == {"created": 1}
    story = Article.objects.get()
    assert story.status == Article.Status.IN_REVIEW
    assert story.headline == "General visits desert air base"
    assert story.dek == "A second visit in a year."
    assert story.section == source.section and story.source == source.organisation
    assert story.source_published_at.isoformat() == "2026-12-05T07:30:00+00:00"
    assert "second visit in a year" in story.body
    # The agency's reporter is in our records: a wire byline, beside the agency.
    assert [(b.person, b.role) for b in story.bylines.all()] == [(reporter, Byline.Role.WIRE)]
    assert story.credit_line == "Dana Levi, Example Wire"
    # The agency's tags are suggested in the history, not linked.
    assert not story.people.exists() and not story.places.exists()
    note = StatusChange.objects.get(article=story).note
    assert "The agency tags people: Dana Levi, Aviv Ronen." in note
    source.refresh_from_db()
    assert source.items_created == 1 and source.last_fetched_at is not None
    assert source.last_error == ""


def test_ninjs_2_names_are_read_too(client):
    source = make_source()
    embargo = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)

    push(client, source, ninjs(three=False, embargo=embargo.isoformat()))

    story = Article.objects.get()
    assert story.embargo_until == embargo
    assert story.source_published_at.isoformat() == "2026-12-05T07:30:00+00:00"


def test_the_seed_shaped_wire_story_comes_in_without_its_appeal(client):
    source = make_source()

    push(client, source, ninjs(body=paragraphs(STORY + APPEAL)))

    story = Article.objects.get()
    assert "second visit in a year" in story.body
    for line in APPEAL:
        assert line not in story.body
    assert "Removed 3 boilerplate paragraph(s)" in StatusChange.objects.get(article=story).note


def test_the_same_item_twice_changes_nothing(client):
    source = make_source()
    push(client, source, ninjs())
    story = Article.objects.get()
    counts = (Revision.objects.count(), StatusChange.objects.count())

    response = push(client, source, ninjs())

    assert response.json()["counts"] == {"unchanged": 1}
    assert Article.objects.get().updated_at == story.updated_at
    assert (Revision.objects.count(), StatusChange.objects.count()) == counts
    assert ImportedObject.objects.count() == 1


def test_a_new_version_updates_the_story_while_in_review(client):
    source = make_source()
    push(client, source, ninjs())

    push(client, source, ninjs(version="2", headlines=[{"value": "General ends desert visit"}]))
    push(client, source, ninjs(version="1", headlines=[{"value": "Late old version"}]))

    story = Article.objects.get()
    assert story.headline == "General ends desert visit"
    assert story.status == Article.Status.IN_REVIEW


def test_an_agency_correction_to_a_published_story_is_proposed_to_the_desk(client):
    source = make_source()
    push(client, source, ninjs())
    story = Article.objects.get()
    Article.objects.filter(pk=story.pk).update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )

    response = push(client, source, ninjs(version="2", headlines=[{"value": "Corrected"}]))

    assert response.json()["counts"] == {"proposed": 1}
    story.refresh_from_db()
    assert story.headline == "General visits desert air base"  # the live story stays
    proposal = Revision.objects.waiting().get(article=story)
    assert proposal.data["headline"] == "Corrected"
    assert proposal.note == "Example Wire sent version 2 of this story"
    # A later correction before the desk decides replaces the waiting one.
    push(client, source, ninjs(version="3", headlines=[{"value": "Corrected again"}]))
    assert Revision.objects.waiting().get(article=story).data["headline"] == "Corrected again"


@pytest.mark.parametrize("secret, status", [("", 401), ("wrong", 403)])
def test_a_missing_or_wrong_secret_writes_nothing(client, secret, status):
    source = make_source()

    response = push(client, source, ninjs(), secret=secret)

    assert response.status_code == status
    assert not Article.objects.exists() and not ImportedObject.objects.exists()


def test_a_polled_or_inactive_source_takes_no_push(client):
    polled = make_source(slug="polled", delivery=FeedSource.Delivery.POLL)
    inactive = make_source(slug="inactive", is_active=False)
    for source in (polled, inactive):
        assert push(client, source, ninjs()).status_code == 403
    assert client.get(reverse("imports:ingest-push", args=["polled"])).status_code == 405
    assert not Article.objects.exists()


def test_pictures_are_fetched_by_a_task_with_the_upload_checks(
    client, http_server, allow_loopback, run_tasks
):
    url = http_server.serve("/pic.jpg", image_bytes())
    associations = [{"uri": "urn:pic:1", "name": "pic", "type": "picture", "by": "Wire photo",
                     "renditions": [{"href": url, "width": 400}]}]  # fmt: skip
    push(client, make_source(), ninjs(associations=associations))

    run_tasks()

    story = Article.objects.get()
    assert story.lead_image is not None and story.lead_image.credit == "Wire photo"


def test_an_ingested_embargo_blocks_publishing_in_the_admin_until_it_passes(client, editor_client):
    lifts = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    push(client, make_source(), ninjs(embargo=lifts.isoformat()))
    story = Article.objects.get()
    change = reverse("admin:articles_article_change", args=[story.pk])

    response = editor_client.post(change, change_post(story, status="published"))

    assert "This story is under embargo until" in response.content.decode()
    assert Article.objects.get().status == Article.Status.IN_REVIEW
    with time_machine.travel(lifts + timedelta(seconds=1), tick=False):
        response = editor_client.post(change, change_post(story, status="published"))
    assert response.status_code == 302
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_names_in_an_ingested_story_are_offered_to_link_with_a_click(client, editor_client):
    chief = make_person(name="Aviv Ronen", role="Chief of staff")
    body = paragraphs(STORY + ["Aviv Ronen met the general at the base."])
    push(client, make_source(), ninjs(body=body))
    story = Article.objects.get()

    page = editor_client.get(reverse("admin:articles_article_change", args=[story.pk]))

    html = page.content.decode()
    assert "Aviv Ronen is named in the story but not linked to it." in html
    assert f'name="pk" value="{chief.pk}"' in html
    assert not story.people.exists()  # suggested, not linked


def test_a_new_version_of_a_published_story_with_nothing_we_show_changed_proposes_nothing(
    client,
):
    source = make_source()
    push(client, source, ninjs())
    Article.objects.update(status=Article.Status.PUBLISHED, published_at=timezone.now())

    response = push(client, source, ninjs(version="2", by="Dana Levi in Cairo"))

    assert response.json()["counts"] == {"unchanged": 1}
    assert not Revision.objects.waiting().exists()
