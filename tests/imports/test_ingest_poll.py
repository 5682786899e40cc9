"""Polled sources: `poll_sources` (run by cron) queues the due ones; a worker fetches each
from its address (here a real HTTP server on a loopback port) and takes its items."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from imports.models import FeedSource
from tests.factories import image_bytes
from tests.imports.wire_documents import atom, make_source, newsml, rss

pytestmark = pytest.mark.django_db


def polled(server, path, body, content_type, **overrides):
    url = server.serve(path, body, headers={"Content-Type": content_type})
    return make_source(delivery=FeedSource.Delivery.POLL, url=url, **overrides)


def poll(run_tasks):
    call_command("poll_sources", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_tasks()


def test_a_newsml_item_becomes_a_credited_story_in_review(http_server, allow_loopback, run_tasks):
    source = polled(http_server, "/g2.xml", newsml(), "application/xml",
                    format=FeedSource.Format.NEWSML)  # fmt: skip

    poll(run_tasks)

    story = Article.objects.get()
    assert story.status == Article.Status.IN_REVIEW
    assert story.headline == "Ministers meet on water sharing"
    assert story.dek == "Talks resume after a year."
    assert story.source == source.organisation and story.source_url == "https://wire.example/2002"
    assert story.body.startswith("<p>A senior American general")
    assert "ns0:" not in story.body and "<html" not in story.body
    source.refresh_from_db()
    assert source.items_created == 1 and source.last_error == ""


def test_an_rss_item_and_its_picture(http_server, allow_loopback, run_tasks):
    picture = http_server.serve("/ferry.jpg", image_bytes())
    source = polled(http_server, "/rss", rss(picture_url=picture), "application/rss+xml",
                    format=FeedSource.Format.RSS)  # fmt: skip

    poll(run_tasks)

    story = Article.objects.get()
    assert story.headline == "River ferry returns after five years"
    assert story.dek == "The crossing closed in 2021."
    assert story.source == source.organisation
    assert story.source_url == "https://paper.example/2026/12/05/ferry"
    assert story.status == Article.Status.IN_REVIEW
    assert story.lead_image is not None


def test_an_atom_entry_too(http_server, allow_loopback, run_tasks):
    polled(http_server, "/atom", atom(), "application/atom+xml", format=FeedSource.Format.RSS)

    poll(run_tasks)

    story = Article.objects.get()
    assert story.headline == "Harbour reopens" and "The harbour opened at dawn." in story.body


def test_sources_are_fetched_once_per_interval(http_server, allow_loopback, run_tasks):
    polled(http_server, "/rss", rss(), "application/rss+xml", format=FeedSource.Format.RSS,
           interval_minutes=15)  # fmt: skip

    poll(run_tasks)
    poll(run_tasks)  # not due again yet: nothing fetched
    assert len(http_server.requests) == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        poll(run_tasks)  # due: fetched, and the same item changes nothing
    assert len(http_server.requests) == 2
    assert Article.objects.count() == 1
    assert FeedSource.objects.get().items_created == 1


def test_a_source_that_fails_is_shown_with_its_error(http_server, allow_loopback, run_tasks):
    source = polled(http_server, "/broken", b"<rss><channel><item>", "application/xml",
                    format=FeedSource.Format.RSS)  # fmt: skip

    poll(run_tasks)

    source.refresh_from_db()
    assert "not well-formed XML" in source.last_error and source.last_error_at is not None
    assert not Article.objects.exists()


def test_an_internal_feed_address_is_refused(http_server, run_tasks):
    # No allow setting here: the loopback address is what an attacker would give.
    source = polled(http_server, "/rss", rss(), "application/rss+xml",
                    format=FeedSource.Format.RSS)  # fmt: skip

    poll(run_tasks)

    source.refresh_from_db()
    assert source.last_error.startswith("Refused:")
    assert http_server.requests == [] and not Article.objects.exists()
