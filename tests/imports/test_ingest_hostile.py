"""Hostile and broken agency input: each refused or cleaned, with a word to staff, and
nothing half-written."""

import json

import pytest
from django.db import DatabaseError

from articles.models import Article, StatusChange
from imports import bodies, ingest
from imports.items import MAX_FEED_BYTES
from imports.models import FeedSource, ImportedObject
from tests.factories import image_bytes
from tests.imports.test_ingest_push import push
from tests.imports.wire_documents import BILLION_LAUGHS, make_source, newsml, ninjs, rss

pytestmark = pytest.mark.django_db


def nothing_written():
    return not Article.objects.exists() and not ImportedObject.objects.exists()


@pytest.mark.parametrize(
    "data", [b"{not json", b'{"uri": "x", "headlines": [', b"[" * 100_000, b'"a string"']
)
def test_malformed_json_is_refused_and_noted(client, data):
    source = make_source()

    response = push(client, source, data)

    assert response.status_code == 400
    assert nothing_written()
    source.refresh_from_db()
    assert source.last_error == response.json()["error"]


@pytest.mark.parametrize(
    "fmt, data, words",
    [
        (FeedSource.Format.NEWSML, b"<newsItem guid='x'><itemMeta>", "not well-formed XML"),
        (FeedSource.Format.RSS, BILLION_LAUGHS, "declares a DTD or entities"),
        (FeedSource.Format.NEWSML, BILLION_LAUGHS.replace(b"<rss", b"<x"), "declares a DTD"),
    ],
)
def test_malformed_xml_and_entity_bombs_are_refused_unread(client, fmt, data, words):
    source = make_source(format=fmt)

    response = push(client, source, data, content_type="application/xml")

    assert response.status_code == 400 and words in response.json()["error"]
    assert nothing_written()


@pytest.mark.parametrize(
    "fmt, document",
    [
        (FeedSource.Format.NINJS, ninjs),
        (FeedSource.Format.NEWSML, newsml),
        (FeedSource.Format.RSS, rss),
    ],
)
def test_scripts_and_event_handlers_are_taken_out_of_bodies(client, fmt, document):
    body = (
        '<p onclick="steal()">Kept words.</p><script>steal()</script>'
        '<p><a href="javascript:steal()">link</a><img src="x" onerror="steal()"/></p>'
    )
    push(client, make_source(format=fmt), document(body=body), content_type="text/plain")

    story = Article.objects.get()
    assert "Kept words." in story.body
    for bad in ("script", "onclick", "onerror", "javascript:", "steal"):
        assert bad not in story.body, bad
    assert "Taken out: 1 script" in StatusChange.objects.get(article=story).note


def test_a_picture_at_an_internal_address_is_refused(client, http_server, run_tasks):
    url = http_server.serve("/pic.jpg", image_bytes())  # no allow setting: refused
    associations = [{"uri": "urn:p", "name": "p", "type": "picture",
                     "renditions": [{"href": url}]}]  # fmt: skip
    push(client, make_source(), ninjs(associations=associations))

    run_tasks()

    story = Article.objects.get()
    assert story.lead_image is None and http_server.requests == []
    notes = list(StatusChange.objects.filter(article=story).values_list("note", flat=True))
    assert any(note.startswith("Picture not taken:") for note in notes)


def test_a_huge_body_is_cut_and_reported(client):
    paragraph = "<p>" + "word " * 2000 + "</p>"
    body = paragraph * (bodies.MAX_BODY_CHARS // len(paragraph) + 5)

    push(client, make_source(), ninjs(body=body))

    story = Article.objects.get()
    assert len(story.body) <= bodies.MAX_BODY_CHARS
    assert "The body was cut" in StatusChange.objects.get(article=story).note


def test_a_document_past_the_cap_is_refused_unread(client):
    source = make_source()
    huge = ninjs(body="<p>" + "x" * MAX_FEED_BYTES + "</p>")

    response = push(client, source, huge)

    assert response.status_code == 413 and nothing_written()
    source.refresh_from_db()
    assert "too large" in source.last_error


def test_a_broken_item_is_refused_and_the_others_go_in(client):
    good = json.loads(ninjs())
    no_headline = json.loads(ninjs(uri="urn:example:wire:2", headlines=[]))

    response = push(client, make_source(), json.dumps([no_headline, good]).encode())

    assert response.json()["counts"] == {"refused": 1, "created": 1}
    assert "urn:example:wire:2: the item has no headline." in response.json()["notes"]
    assert Article.objects.count() == 1 and ImportedObject.objects.count() == 1


def test_an_item_that_fails_half_way_leaves_nothing(client, monkeypatch):
    def fail(**kwargs):
        raise DatabaseError("the disk is full")

    monkeypatch.setattr(ingest.revisions, "record", fail)

    response = push(client, make_source(), ninjs())

    assert response.json()["counts"] == {"refused": 1}
    assert nothing_written() and not StatusChange.objects.exists()
