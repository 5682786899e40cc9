"""A scheduled story goes live at its time by the query alone, everywhere readers look.

Time is frozen one second before and one second after the publication time; the cache is
the configured one (local memory here, Redis when REDIS_URL is set), warmed before the
time passes, so nothing cached may keep the story out once it is due.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]

DUE = datetime(2031, 3, 4, 9, 0, 0, tzinfo=UTC)
HEADLINE = "Harbour bridge reopens after two years"


@pytest.fixture
def story():
    section = make_section(name="City", slug="city")
    with time_machine.travel(DUE - timedelta(days=1), tick=False):
        # Older stories around it, so lists have something else to show.
        for n in range(3):
            make_article(section=section, published_at=timezone.now() - timedelta(hours=n + 1))
        return make_article(
            headline=HEADLINE,
            slug="harbour-bridge-reopens",
            dek="Traffic returns to the harbour bridge.",
            body="<p>The harbour bridge carries traffic again.</p>",
            section=section,
            published_at=DUE,
        )


def reader_views(client, story):
    """What each reader surface says about the story: is it there?"""
    month = timezone.localtime(DUE)
    pages = {
        "article": client.get(story.get_absolute_url()),
        "home": client.get(reverse("articles:home")),
        "section": client.get(reverse("articles:section-detail", args=["city"])),
        "rss": client.get(reverse("articles:feed")),
        "atom": client.get(reverse("articles:feed-atom")),
        "section feed": client.get(reverse("articles:section-feed", args=["city"])),
        # The index's part for the story's month (the older stories keep it in the index).
        "sitemap": client.get(
            reverse("sitemap-stories", kwargs={"year": f"{month:%Y}", "month": f"{month:%m}"})
        ),
        "news sitemap": client.get(reverse("news-sitemap")),
        "search": client.get(reverse("articles:search"), {"q": "harbour bridge"}),
    }
    seen = {}
    for name, response in pages.items():
        if name == "article":
            seen[name] = response.status_code == 200
            continue
        assert response.status_code == 200, name
        text = response.content.decode()
        seen[name] = HEADLINE in text or "harbour-bridge-reopens" in text
    return seen


def test_absent_one_second_before_and_present_one_second_after(client, story):
    with time_machine.travel(DUE - timedelta(seconds=1), tick=False):
        before = reader_views(client, story)
        assert Article.objects.published().filter(pk=story.pk).exists() is False
    with time_machine.travel(DUE + timedelta(seconds=1), tick=False):
        after = reader_views(client, story)
    assert before == dict.fromkeys(before, False)
    assert after == dict.fromkeys(after, True)


def test_absent_before_even_when_every_surface_was_fetched_a_minute_earlier(client, story):
    """Warm whatever the pages cache, then step over the time: the story shows at once."""
    with time_machine.travel(DUE - timedelta(minutes=1), tick=False):
        reader_views(client, story)
    with time_machine.travel(DUE + timedelta(seconds=1), tick=False):
        assert all(reader_views(client, story).values())


def test_the_cache_is_on_for_these_tests():
    cache.set("scheduling-probe", 1)
    assert cache.get("scheduling-probe") == 1


def test_published_and_scheduled_split_at_a_given_moment(story):
    assert list(Article.objects.scheduled(DUE - timedelta(seconds=1))) == [story]
    assert story not in Article.objects.published(DUE - timedelta(seconds=1))
    assert story in Article.objects.published(DUE)
    assert story not in Article.objects.scheduled(DUE)
