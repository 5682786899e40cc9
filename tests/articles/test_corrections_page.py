"""The public corrections page: every note on a live story, newest first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from tests.factories import HIDDEN, HIDDEN_IDS, add_correction, make_article, make_section

pytestmark = pytest.mark.django_db
URL = reverse("articles:correction-list")


def test_lists_notes_newest_first_with_their_story(client):
    now = timezone.now()
    story = make_article(headline="Budget passes first reading")
    add_correction(
        story,
        text="An earlier version gave the wrong vote count.",
        published_at=now - timedelta(days=2),
    )
    add_correction(
        story,
        kind=Correction.Kind.UPDATE,
        text="The committee met again.",
        published_at=now - timedelta(hours=1),
    )

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("The committee met again.") < html.index("wrong vote count")
    assert story.get_absolute_url() in html
    assert "Update" in html and "Correction" in html


@pytest.mark.parametrize("hidden", HIDDEN, ids=HIDDEN_IDS)
def test_notes_on_hidden_stories_stay_hidden(client, hidden):
    add_correction(make_article(**hidden), text="Secret note on an unpublished story.")
    assert "Secret note" not in client.get(URL).content.decode()


def test_a_note_dated_in_the_future_waits_for_its_time(client):
    story = make_article()
    add_correction(story, text="Not yet.", published_at=timezone.now() + timedelta(hours=1))
    assert "Not yet." not in client.get(URL).content.decode()


def test_empty_page_says_so(client):
    assert "No corrections have been published." in client.get(URL).content.decode()


def test_linked_from_every_page_footer(client):
    assert f'href="{URL}"' in client.get(reverse("articles:home")).content.decode()


@pytest.mark.usefixtures("render_every_time")
@pytest.mark.parametrize("count", [3, 12])
def test_query_count_does_not_grow_with_notes(client, django_assert_max_num_queries, count):
    section = make_section()
    for n in range(count):
        add_correction(make_article(section=section), text=f"Note {n}.")
    # Section navigation, the count for the paginator, the page of notes with their stories.
    with django_assert_max_num_queries(3):
        response = client.get(URL)
    assert response.content.decode().count("<h2>") == count


def test_paginated_twenty_a_page(client):
    story = make_article()
    for n in range(25):
        add_correction(story, text=f"Note number {n}.")
    assert client.get(URL).content.decode().count("Note number") == 20
    assert client.get(URL, {"page": 2}).content.decode().count("Note number") == 5
