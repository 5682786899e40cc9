"""Counting the appeal: views by the beacon, clicks on the pledge page, per day, no cookies."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from donations import stats
from donations.models import AppealStat
from newsroom.serving import throttle
from tests.factories import make_article, make_campaign

pytestmark = pytest.mark.django_db


def beacon(client, campaign_id, article_id, **extra):
    return client.post(
        reverse("donations:appeal-seen"),
        {"campaign": campaign_id, "article": article_id},
        **extra,
    )


def counts():
    return list(AppealStat.objects.values_list("campaign_id", "article_id", "views", "clicks"))


# The beacon ------------------------------------------------------------------------------


def test_beacon_counts_a_view_and_sets_no_cookie(client):
    campaign, article = make_campaign(), make_article()

    response = beacon(client, campaign.pk, article.pk)

    assert response.status_code == 204
    assert response.content == b""
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert counts() == [(campaign.pk, article.pk, 1, 0)]
    row = AppealStat.objects.get()
    assert row.day == timezone.localdate()


def test_views_add_up_on_one_row_a_day(client):
    campaign, article = make_campaign(), make_article()
    for _ in range(3):
        beacon(client, campaign.pk, article.pk)
    other = make_article()
    beacon(client, campaign.pk, other.pk)
    assert sorted(counts()) == [(campaign.pk, article.pk, 3, 0), (campaign.pk, other.pk, 1, 0)]


def test_beacon_needs_no_csrf_token():
    from django.test import Client

    campaign, article = make_campaign(), make_article()
    response = beacon(Client(enforce_csrf_checks=True), campaign.pk, article.pk)
    assert response.status_code == 204
    assert counts() == [(campaign.pk, article.pk, 1, 0)]


def test_beacon_answers_only_post(client):
    campaign, article = make_campaign(), make_article()
    url = reverse("donations:appeal-seen")
    assert client.get(url, {"campaign": campaign.pk, "article": article.pk}).status_code == 405
    assert client.put(url).status_code == 405
    assert counts() == []


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"campaign": "{campaign}"},
        {"article": "{article}"},
        {"campaign": "x", "article": "{article}"},
        {"campaign": "{campaign}", "article": "1.5"},
        {"campaign": "{campaign}", "article": "-1"},
        {"campaign": "{campaign}", "article": "9" * 30},
        {"campaign": "{campaign}", "article": "987654"},
        {"campaign": "987654", "article": "{article}"},
    ],
    ids=[
        "empty",
        "no-article",
        "no-campaign",
        "word",
        "decimal",
        "negative",
        "huge",
        "unknown-article",
        "unknown-campaign",
    ],
)
def test_beacon_with_junk_is_400_and_counts_nothing(client, payload):
    campaign, article = make_campaign(), make_article()
    data = {k: v.format(campaign=campaign.pk, article=article.pk) for k, v in payload.items()}
    response = client.post(reverse("donations:appeal-seen"), data)
    assert response.status_code == 400
    assert counts() == []


@pytest.mark.parametrize(
    "article_state",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": timezone.now() + timedelta(hours=1)},
    ],
    ids=["draft", "unpublished", "scheduled"],
)
def test_no_count_for_a_story_readers_cannot_see(client, article_state):
    campaign, article = make_campaign(), make_article(**article_state)
    assert beacon(client, campaign.pk, article.pk).status_code == 400
    assert counts() == []


@pytest.mark.parametrize(
    "campaign_state",
    [
        {"is_active": False},
        {
            "starts_at": timezone.now() - timedelta(days=5),
            "ends_at": timezone.now() - timedelta(days=1),
        },
        {"starts_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["switched-off", "ended", "not-started"],
)
def test_no_count_for_a_campaign_that_is_not_live(client, campaign_state):
    campaign, article = make_campaign(**campaign_state), make_article()
    assert beacon(client, campaign.pk, article.pk).status_code == 400
    assert counts() == []


def test_beacon_flood_from_one_address_stops_counting(client):
    campaign, article = make_campaign(), make_article()
    with mock.patch("donations.views.BEACONS_PER_ADDRESS", 2):
        responses = [beacon(client, campaign.pk, article.pk) for _ in range(4)]
        other = beacon(client, campaign.pk, article.pk, REMOTE_ADDR="198.51.100.7")
    assert [r.status_code for r in responses] == [204, 204, 204, 204]
    assert other.status_code == 204
    assert counts() == [(campaign.pk, article.pk, 3, 0)]


def test_beacon_with_the_cache_down_answers_but_does_not_count(client):
    campaign, article = make_campaign(), make_article()
    broken = mock.Mock(**{"add.side_effect": ConnectionError, "incr.side_effect": ConnectionError})
    with mock.patch.object(throttle, "cache", broken):
        response = beacon(client, campaign.pk, article.pk)
    assert response.status_code == 204
    assert counts() == []


# Counting on its own ---------------------------------------------------------------------


def test_day_is_the_date_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: already tomorrow
    campaign, article = make_campaign(), make_article()
    late_evening_utc = datetime(2025, 3, 1, 20, 0, tzinfo=UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_evening_utc):
        stats.count_view(campaign_id=campaign.pk, article_id=article.pk)
    assert AppealStat.objects.get().day == date(2025, 3, 2)


def test_an_explicit_day_is_kept_apart():
    campaign, article = make_campaign(), make_article()
    stats.count_view(campaign_id=campaign.pk, article_id=article.pk, day=date(2025, 1, 1))
    stats.count_view(campaign_id=campaign.pk, article_id=article.pk)
    assert AppealStat.objects.count() == 2


def test_a_row_created_by_a_racing_request_is_counted_into():
    campaign, article = make_campaign(), make_article()
    # The other request inserted the day's row just after our UPDATE found none.
    AppealStat.objects.create(
        campaign=campaign, article=article, day=timezone.localdate(), views=1
    )
    real_update = QuerySet.update
    updates = []

    def first_update_finds_nothing(queryset, **fields):
        updates.append(fields)
        return 0 if len(updates) == 1 else real_update(queryset, **fields)

    with mock.patch.object(QuerySet, "update", first_update_finds_nothing):
        stats.count_view(campaign_id=campaign.pk, article_id=article.pk)

    assert len(updates) == 2
    assert counts() == [(campaign.pk, article.pk, 2, 0)]


# Clicks ----------------------------------------------------------------------------------


def pledge_page(campaign, article_id=None):
    url = reverse("donations:pledge", args=[campaign.slug])
    return f"{url}?amount=18&frequency=monthly&article={article_id}" if article_id else url


def test_pledge_page_from_a_story_counts_a_click(client):
    campaign, article = make_campaign(), make_article()
    assert client.get(pledge_page(campaign, article.pk)).status_code == 200
    client.get(pledge_page(campaign, article.pk))
    assert counts() == [(campaign.pk, article.pk, 0, 2)]


def test_click_and_view_share_the_days_row(client):
    campaign, article = make_campaign(), make_article()
    beacon(client, campaign.pk, article.pk)
    client.get(pledge_page(campaign, article.pk))
    assert counts() == [(campaign.pk, article.pk, 1, 1)]


def test_donate_page_from_a_story_counts_for_the_general_campaign(client):
    campaign, article = make_campaign(), make_article()
    client.get(f"{reverse('donations:donate')}?article={article.pk}")
    assert counts() == [(campaign.pk, article.pk, 0, 1)]


@pytest.mark.parametrize("article_id", ["draft", "987654", "abc", "1;DROP"])
def test_no_click_without_a_published_story(client, article_id):
    campaign = make_campaign()
    if article_id == "draft":
        article_id = make_article(status=Article.Status.DRAFT, published_at=None).pk
    assert client.get(pledge_page(campaign, article_id)).status_code == 200
    assert client.get(pledge_page(campaign)).status_code == 200
    assert counts() == []


def test_sending_the_form_counts_no_click(client, settings):
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0
    campaign, article = make_campaign(), make_article()
    token = client.get(pledge_page(campaign)).context["form"].next_token
    client.post(
        pledge_page(campaign),
        {
            "frequency": "monthly",
            "amount": "18",
            "donor_name": "Jane",
            "email": "jane@example.org",
            "article": article.pk,
            "token": token,
        },
    )
    assert counts() == []
