"""The list: filters, the cursor through it, bad input, and what a page costs."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Organisation
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
LIST = "syndication:story-list"


def headlines(response):
    assert response.status_code == 200, response.content
    return [item["headlines"][0]["value"] for item in response.json()["items"]]


@pytest.fixture
def section():
    return make_section(slug="world")


@pytest.fixture
def raw(section):
    return make_key(sections=[section])[1]


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_stories_come_oldest_change_first_and_a_correction_moves_one_to_the_end(
    client, section, raw
):
    first = make_article(headline="First", section=section, published_at=ago(3))
    make_article(headline="Second", section=section, published_at=ago(2))
    assert headlines(client.get(reverse(LIST), **bearer(raw))) == ["First", "Second"]
    add_correction(first)
    assert headlines(client.get(reverse(LIST), **bearer(raw))) == ["Second", "First"]


def test_filters_by_tag_person_organisation_and_place_by_slug_or_id(client, section, raw):
    person, place = make_person(slug="jane"), make_place(slug="gaza")
    org = Organisation.objects.create(name="UN", slug="un")
    tagged = make_article(headline="Tagged", section=section)
    tagged.tags.add("Water")
    about = make_article(headline="About Jane", section=section)
    about.people.add(person)
    by = make_article(headline="By Jane", section=section)
    add_byline(by, person)
    make_article(headline="Datelined Gaza", section=section, dateline=place)
    make_article(headline="About the UN", section=section).organisations.add(org)
    make_article(headline="Nothing", section=section)

    def listed(**params):
        return sorted(headlines(client.get(reverse(LIST), params, **bearer(raw))))

    assert listed(tag="water") == ["Tagged"]
    assert listed(person="jane") == listed(person=str(person.pk)) == ["About Jane", "By Jane"]
    assert listed(place="gaza") == listed(place=str(place.pk)) == ["Datelined Gaza"]
    assert listed(organisation="un") == ["About the UN"]
    assert listed(person="nobody") == []
    assert listed(tag="water", person="jane") == []


def test_changed_since(client, section, raw):
    make_article(headline="Old", section=section, published_at=ago(48))
    make_article(headline="New", section=section, published_at=ago(1))
    corrected = make_article(headline="Old, corrected", section=section, published_at=ago(50))
    add_correction(corrected)
    since = ago(24).isoformat()
    assert headlines(client.get(reverse(LIST), {"since": since}, **bearer(raw))) == [
        "New",
        "Old, corrected",
    ]


def test_following_next_walks_every_story_once_even_as_new_ones_arrive(client, section, raw):
    for n in range(7):
        make_article(headline=f"Story {n}", section=section, published_at=ago(10 - n))
    seen, url, params, more = [], reverse(LIST), {"limit": 3}, True
    while more:
        response = client.get(url, params, **bearer(raw))
        seen += headlines(response)
        url, params, more = response.json()["next"], {}, response.json()["more"]
        if len(seen) == 3:  # published meanwhile: at the end, never shifting a page
            make_article(headline="Breaking", section=section, published_at=ago(0.1))
    assert seen == [f"Story {n}" for n in range(7)] + ["Breaking"]
    # The last page's `next` is where to poll: empty now, the next story once it comes.
    assert headlines(client.get(url, **bearer(raw))) == []
    make_article(headline="Later", section=section, published_at=ago(0))
    assert headlines(client.get(url, **bearer(raw))) == ["Later"]


def test_the_next_link_keeps_the_filters(client, section, raw):
    for _ in range(3):
        make_article(section=section).tags.add("Water")
    make_article(section=section)
    response = client.get(reverse(LIST), {"tag": "water", "limit": 2}, **bearer(raw))
    following = client.get(response.json()["next"], **bearer(raw))
    assert len(headlines(following)) == 1 and following.json()["more"] is False


def test_stories_with_the_same_change_time_are_not_lost_between_pages(client, section, raw):
    moment = ago(1)
    for n in range(5):
        make_article(headline=f"Same {n}", section=section, published_at=moment)
    first = client.get(reverse(LIST), {"limit": 2}, **bearer(raw))
    second = client.get(first.json()["next"], **bearer(raw))
    third = client.get(second.json()["next"], **bearer(raw))
    assert headlines(first) + headlines(second) + headlines(third) == [
        f"Same {n}" for n in range(5)
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "WyIyMDI2LTEyLTA2IiwgMV0"}, "cursor"),  # a naive time
        ({"cursor": "eyJhIjogMX0"}, "cursor"),  # JSON of another shape
        ({"since": "yesterday"}, "ISO 8601"),
        ({"since": "2026-13-45T99:00:00Z"}, "ISO 8601"),
        ({"limit": "ten"}, "whole number"),
        ({"limit": "0"}, "whole number"),
        ({"limit": "-5"}, "whole number"),
    ],
)
def test_malformed_input_is_400_with_a_message(client, raw, params, message):
    response = client.get(reverse(LIST), params, **bearer(raw))
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_huge_page_size_is_capped(client, section, raw, settings):
    settings.NEWSROOM_API_MAX_PAGE_SIZE = 3
    for _ in range(5):
        make_article(section=section)
    response = client.get(reverse(LIST), {"limit": "1000000000000"}, **bearer(raw))
    assert len(headlines(response)) == 3
    assert response.json()["limit"] == 3


def test_an_embargo_key_following_next_misses_nothing_published_after_an_embargo(client):
    """A scheduled story comes when it is scheduled and again when it goes live; stories
    published meanwhile are not left behind the embargo's future time."""
    section = make_section()
    _, raw = make_key(sections=[section], allows_embargoed=True)
    make_article(headline="Old", section=section, published_at=ago(5))
    at = timezone.now() + timedelta(hours=2)
    make_article(headline="Embargoed", section=section, published_at=at)
    first = client.get(reverse(LIST), {"limit": 2}, **bearer(raw))
    assert headlines(first) == ["Old", "Embargoed"]
    make_article(headline="Published meanwhile", section=section, published_at=ago(0))
    assert headlines(client.get(first.json()["next"], **bearer(raw))) == ["Published meanwhile"]
    with time_machine.travel(at + timedelta(minutes=1)):
        later = client.get(first.json()["next"], **bearer(raw)).json()["items"]
    assert [(i["headlines"][0]["value"], "embargoedUntil" in i) for i in later] == [
        ("Published meanwhile", False),
        ("Embargoed", False),
    ]


def rich_stories(section, count, image):
    """`count` stories, each with two of every relation a document shows."""
    org = Organisation.objects.create(name=f"Org {count}", slug=f"org-{count}")
    for n in range(count):
        story = make_article(section=section, lead_image=image, dateline=make_place())
        for _ in range(2):
            add_byline(story)
            add_quote(story)
            story.people.add(make_person())
            story.places.add(make_place())
            add_correction(story)
        story.organisations.add(org)
        story.tags.add(f"tag-{n}", "common")
    return Article.objects.count()


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("embargo", [False, True], ids=["plain-key", "embargo-key"])
def test_a_page_costs_the_same_queries_whatever_its_size(
    client, section, django_assert_num_queries, count, embargo
):
    _, raw = make_key(sections=[section], allows_embargoed=embargo)
    rich_stories(section, count + 1, make_image())
    Article.objects.filter(pk=Article.objects.first().pk).update(
        published_at=timezone.now() + timedelta(hours=1)
    )
    # The key with its partner and sections (2), last use (1), the page (1; a key taking
    # embargoed copy reads the scheduled stories apart: 1 more), and one each for
    # bylines, quotes, notes, people, organisations, places, tags, renditions.
    with django_assert_num_queries(13 if embargo else 12):
        response = client.get(reverse(LIST), {"limit": count}, **bearer(raw))
    assert len(response.json()["items"]) == count


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan is PostgreSQL's (SQLite: same index)"
)
def test_the_page_query_can_read_the_change_order_index(section, raw):
    from syndication import listing, ninjs
    from syndication.models import ApiKey
    from syndication.rights import syndicable

    make_article(section=section)
    key = ApiKey.objects.get()
    [articles] = listing.change_ordered(
        listing.filtered(syndicable(Article.objects.all(), key), {}, key)
    )
    after = listing.Position(timezone.now() - timedelta(days=1), 1)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        plan = ninjs.for_documents(articles).order_by("changed_at", "pk")[:51].explain()
        deep = (
            articles.filter(changed_at__gte=after.changed_at)
            .order_by("changed_at", "pk")[:51]
            .explain()
        )
    assert "syndication_article_changed" in plan
    assert "syndication_article_changed" in deep
