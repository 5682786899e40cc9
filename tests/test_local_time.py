"""The newsroom's time zone (NEWSROOM_TIME_ZONE): what staff type and readers see, stored
in UTC, and named beside every date-and-time field of the admin."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.admin_data import change_post
from tests.factories import login, make_article, make_campaign
from tests.test_configuration import run

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"


@pytest.fixture
def new_york(settings):
    settings.TIME_ZONE = NEW_YORK


def zone_beside(html, name):
    """The zone named beside the date-and-time inputs of the field `name`, or None."""
    match = re.search(
        rf'name="{name}_1".*?<span class="time-zone">([^<]*)</span>\s*</p>', html, re.S
    )
    return match.group(1) if match else None


@pytest.mark.usefixtures("new_york")
@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [("2030-01-15", 14), ("2030-07-15", 13)],  # EST, then EDT
)
def test_story_scheduled_at_nine_newsroom_time_is_stored_in_utc(client, day, utc_hour):
    story = make_article(status=Article.Status.IN_REVIEW, published_at=None)
    login(client, "editor")

    response = client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        change_post(
            story,
            status=Article.Status.PUBLISHED,
            published_at_0=day,
            published_at_1="09:00:00",
        ),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    year, month, date = map(int, day.split("-"))
    assert story.published_at == datetime(year, month, date, utc_hour, 0, tzinfo=UTC)


@pytest.mark.usefixtures("new_york")
def test_story_form_names_the_zone_beside_its_times(client):
    story = make_article(status=Article.Status.DRAFT, published_at=None)
    story.corrections.create(kind="correction", text="An earlier version misspelt it.")
    login(client, "editor")

    html = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()

    assert zone_beside(html, "published_at") == f"{NEW_YORK} time"
    assert zone_beside(html, "corrections-0-published_at").startswith(NEW_YORK)
    # The empty row a new note is written in says it too.
    assert zone_beside(html, "corrections-__prefix__-published_at").startswith(NEW_YORK)


@pytest.mark.usefixtures("new_york")
def test_campaign_form_names_the_zone_beside_start_and_end(fundraiser_client):
    campaign = make_campaign()
    html = fundraiser_client.get(
        reverse("admin:donations_campaign_change", args=[campaign.pk])
    ).content.decode()
    assert zone_beside(html, "starts_at").startswith(NEW_YORK)
    assert zone_beside(html, "ends_at").startswith(NEW_YORK)


@pytest.mark.usefixtures("new_york")
def test_readers_see_the_newsroom_time(client):
    story = make_article(published_at=datetime(2026, 7, 15, 13, 0, tzinfo=UTC))
    html = client.get(story.get_absolute_url()).content.decode()
    assert "15 July 2026, 09:00 EDT" in html


@pytest.mark.parametrize(
    ("environment", "zone"),
    [
        ({}, "UTC"),
        ({"NEWSROOM_TIME_ZONE": "Europe/Berlin"}, "Europe/Berlin"),
        # The old name still works, and the new one wins when both are set.
        ({"DJANGO_TIME_ZONE": "Asia/Tokyo"}, "Asia/Tokyo"),
        (
            {"DJANGO_TIME_ZONE": "Asia/Tokyo", "NEWSROOM_TIME_ZONE": "Europe/Berlin"},
            "Europe/Berlin",
        ),
    ],
)
def test_time_zone_setting(environment, zone):
    result = run(environment, "-c", "from newsroom import settings; print(settings.TIME_ZONE)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == zone
