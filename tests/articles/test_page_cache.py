"""The reader page cache: headers, 304s, what is stored, and every kind of change ending it."""

import re
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from newsroom.serving.invalidation import forget_pages
from tests.articles.admin_data import change_post, change_url
from tests.articles.record_factories import make_organisation
from tests.donations.test_admin_campaigns import campaign_post
from tests.factories import (
    add_byline,
    add_correction,
    add_quote,
    login,
    make_article,
    make_campaign,
    make_person,
    make_place,
    make_pledge,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    section = make_section(name="Politics", slug="politics")
    article = make_article(
        headline="Council votes to reopen the ferry",
        section=section,
        dateline=make_place(name="Haifa", slug="haifa"),
    )
    article.tags.add("Transport")
    article.people.add(make_person(name="Dana Levi", slug="dana-levi"))
    article.organisations.add(make_organisation(name="Port Company", slug="port-company"))
    add_byline(article, person=make_person(name="Noa Friedman", slug="noa-friedman"))
    add_quote(article, speaker=article.people.get(), text="We kept our word.")
    make_campaign(appeal_headline="Keep the river desk open")
    return article


def reader_urls(story):
    month = timezone.localtime(story.published_at)
    return {
        "article": story.get_absolute_url(),
        "home": reverse("articles:home"),
        "section": reverse("articles:section-detail", args=["politics"]),
        "person": reverse("articles:person-detail", args=["dana-levi"]),
        "author": reverse("articles:author-detail", args=["noa-friedman"]),
        "place": reverse("articles:place-detail", args=["haifa"]),
        "organisation": reverse("articles:organisation-detail", args=["port-company"]),
        "organisation feed": reverse("articles:organisation-feed", args=["port-company"]),
        "tag": reverse("articles:tag-detail", args=["transport"]),
        "search": reverse("articles:search") + "?q=ferry",
        "corrections": reverse("articles:correction-list"),
        "rss": reverse("articles:feed"),
        "atom": reverse("articles:feed-atom"),
        "section feed": reverse("articles:section-feed", args=["politics"]),
        "sitemap": reverse("sitemap"),
        "sitemap list": reverse("sitemap-list", kwargs={"section": "people"}),
        "sitemap stories": reverse(
            "sitemap-stories", kwargs={"year": f"{month:%Y}", "month": f"{month:%m}"}
        ),
        "news sitemap": reverse("news-sitemap"),
        "robots": reverse("robots-txt"),
    }


def cache_control(response):
    return {
        part.split("=")[0].strip(): (part.split("=")[1] if "=" in part else True)
        for part in response["Cache-Control"].split(",")
    }


PAGES = [
    "article",
    "home",
    "section",
    "person",
    "author",
    "place",
    "tag",
    "search",
    "corrections",
    "rss",
    "atom",
    "section feed",
    "sitemap",
    "sitemap list",
    "sitemap stories",
    "news sitemap",
    "robots",
]


@pytest.mark.parametrize("page", PAGES)
def test_a_reader_page_sets_no_cookie_and_may_be_kept(client, story, page):
    response = client.get(reader_urls(story)[page])

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert "cookie" not in response.get("Vary", "").lower()
    assert cache_control(response) == {
        "public": True,
        "max-age": "60",
        "s-maxage": "120",
        "stale-while-revalidate": "30",
    }
    assert re.fullmatch(r'"[0-9a-f]{32}"', response["ETag"])


@pytest.mark.parametrize("page", PAGES)
def test_a_repeat_costs_no_query_and_a_matching_etag_gets_304(
    client, story, page, django_assert_num_queries
):
    url = reader_urls(story)[page]
    first = client.get(url)

    with django_assert_num_queries(0):
        again = client.get(url)
    with django_assert_num_queries(0):
        unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "cookie" not in again.get("Vary", "").lower()
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    assert cache_control(unchanged)["s-maxage"] == "120"
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_head_is_answered_like_get(client, story):
    url = story.get_absolute_url()
    client.get(url)
    response = client.head(url)
    assert response.status_code == 200
    assert cache_control(response)["public"] is True


def test_the_page_number_and_query_are_part_of_the_page(client, story):
    for n in range(25):
        make_article(headline=f"Filler story {n}", section=story.section)
    url = reverse("articles:section-detail", args=["politics"])
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    assert first != second
    assert "Council votes to reopen the ferry" in second  # the oldest story, on page 2
    assert (
        "Council votes" not in client.get(reverse("articles:search") + "?q=zebra").content.decode()
    )


def test_a_missing_page_is_not_kept(client, story):
    url = reverse("articles:person-detail", args=["nobody"])
    assert client.get(url).status_code == 404
    make_person(name="Nobody Yet", slug="nobody")
    response = client.get(url)
    assert response.status_code == 200
    assert "Nobody Yet" in response.content.decode()


def test_a_moved_story_redirect_is_kept_with_its_headers(client, story, django_assert_num_queries):
    old = story.get_absolute_url()
    Article.objects.filter(pk=story.pk).update(published_at=story.published_at - timedelta(days=3))
    story.refresh_from_db()
    first = client.get(old)
    assert first.status_code == 301
    assert first["Location"] == story.get_absolute_url()
    with django_assert_num_queries(0):
        again = client.get(old)
    assert again.status_code == 301
    assert again["Location"] == story.get_absolute_url()


# The newsroom -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["journalist", "editor", "fundraiser"])
def test_signed_in_staff_always_get_a_fresh_page_never_kept(client, story, role):
    url = story.get_absolute_url()
    reader = Client()
    reader.get(url)  # kept for readers
    Article.objects.filter(pk=story.pk).update(headline="Changed without a signal")

    client.force_login(make_user(role))
    response = client.get(url)

    assert "Changed without a signal" in response.content.decode()
    assert cache_control(response)["private"] is True
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    # The reader still gets the kept page, and the staff page was not kept for readers.
    assert "Council votes to reopen the ferry" in reader.get(url).content.decode()


def test_the_preview_is_never_kept(client, story):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, headline="Draft one")
    client.force_login(make_user("editor"))
    response = client.get(reverse("articles:preview", args=[draft.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_donation_pages_are_not_reader_pages(client, story):
    response = client.get(reverse("donations:donate"))
    assert "public" not in response.get("Cache-Control", "")
    assert "no-store" in response["Cache-Control"]


# Every kind of change ends the kept pages --------------------------------------------


def kept_then_changed(client, url, change):
    before = client.get(url).content.decode()
    change()
    return before, client.get(url).content.decode()


def test_publishing_through_the_admin_shows_the_story(client, story):
    draft = make_article(
        status=Article.Status.DRAFT, published_at=None, headline="Harbour strike ends"
    )

    def publish():
        response = login(Client(), "editor").post(
            change_url(draft), change_post(draft, status="published", published_at_0="")
        )
        assert response.status_code == 302

    before, after = kept_then_changed(client, reverse("articles:home"), publish)
    assert "Harbour strike ends" not in before
    assert "Harbour strike ends" in after


def test_editing_through_the_admin_shows_the_edit(client, story):
    def edit():
        response = login(Client(), "editor").post(
            change_url(story), change_post(story, headline="Council reopens the ferry at last")
        )
        assert response.status_code == 302

    for url in [story.get_absolute_url(), reverse("articles:feed")]:
        client.get(url)
    edit()
    for url in [story.get_absolute_url(), reverse("articles:feed")]:
        assert "Council reopens the ferry at last" in client.get(url).content.decode()


def test_unpublishing_hides_the_story(client, story):
    def unpublish():
        story.status = Article.Status.DRAFT
        story.save()

    before, after = kept_then_changed(client, reverse("articles:home"), unpublish)
    assert "Council votes to reopen the ferry" in before
    assert "Council votes to reopen the ferry" not in after
    assert client.get(story.get_absolute_url()).status_code == 404


def change_person():
    person = story_person()
    person.name = "Dana Levi-Cohen"
    person.save()


def story_person():
    from articles.models import Person

    return Person.objects.get(slug="dana-levi")


CHANGES = {
    "correction": (
        lambda story: add_correction(story, text="An earlier version misnamed the ferry."),
        "An earlier version misnamed the ferry.",
    ),
    "person renamed": (lambda story: change_person(), "Dana Levi-Cohen"),
    "section renamed": (lambda story: _save_section(story, "Government"), "Government"),
    "place renamed": (lambda story: _rename_place(story, "Haifa Bay"), "Haifa Bay"),
    "quote added": (
        lambda story: add_quote(story, speaker=story_person(), text="The boats are ready."),
        "The boats are ready.",
    ),
    "person linked": (
        lambda story: story.people.add(make_person(name="Yossi Amar", slug="yossi-amar")),
        "Yossi Amar",
    ),
    "tag added": (lambda story: story.tags.add("Harbour"), "Harbour"),
    "campaign changed": (
        lambda story: _retitle_campaign("Fund the ferry desk"),
        "Fund the ferry desk",
    ),
}


def _save_section(story, name):
    section = Section.objects.get(pk=story.section_id)
    section.name = name
    section.save()


def _rename_place(story, name):
    place = story.dateline
    place.name = name
    place.save()


def _retitle_campaign(headline):
    from donations.models import Campaign

    campaign = Campaign.objects.get()
    campaign.appeal_headline = headline
    campaign.save()


@pytest.mark.parametrize("kind", list(CHANGES))
def test_each_kind_of_change_ends_the_kept_story_page(client, story, kind):
    change, shown = CHANGES[kind]
    url = story.get_absolute_url()
    before, after = kept_then_changed(client, url, lambda: change(story))
    assert shown not in before
    assert shown in after


def test_a_campaign_edited_in_the_admin_reaches_the_story_page(client, story):
    from donations.models import Campaign

    url = story.get_absolute_url()
    assert "Keep the river desk open" in client.get(url).content.decode()
    fundraiser = login(Client(), "fundraiser")
    campaign = Campaign.objects.get()
    response = fundraiser.post(
        reverse("admin:donations_campaign_change", args=[campaign.pk]),
        campaign_post(
            name=campaign.name,
            slug=campaign.slug,
            appeal_headline="Our ferry reporting needs you",
            starts_at_0="2020-01-01",
            ends_at_0="",
            ends_at_1="",
        ),
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Our ferry reporting needs you" in page
    assert "Keep the river desk open" not in page


def test_a_pledge_does_not_end_the_kept_pages(client, story, django_assert_num_queries):
    from donations.models import Campaign

    url = story.get_absolute_url()
    client.get(url)
    make_pledge(campaign=Campaign.objects.get())
    with django_assert_num_queries(0):
        client.get(url)


def test_a_page_rendered_while_a_change_lands_is_not_kept(client, story):
    """Rendered from the old row, stored under the generation the change forgot."""
    from donations import appeals

    url = story.get_absolute_url()
    real = appeals.appeal_for

    def change_midway(article):
        Article.objects.filter(pk=article.pk).update(headline="Landed midway")
        forget_pages()
        return real(article)

    with mock.patch("donations.appeals.appeal_for", side_effect=change_midway):
        first = client.get(url).content.decode()
    assert "Council votes to reopen the ferry" in first
    assert "Landed midway" in client.get(url).content.decode()


# Time ---------------------------------------------------------------------------------


def test_no_page_or_header_outlives_the_next_scheduled_story(client, story):
    now = timezone.now().replace(microsecond=0)
    make_article(headline="Weekend guide", published_at=now + timedelta(seconds=45))
    home = reverse("articles:home")
    with time_machine.travel(now, tick=False):
        response = client.get(home)
        assert "Weekend guide" not in response.content.decode()
        headers = cache_control(response)
        assert headers["max-age"] == "45"
        assert headers["s-maxage"] == "45"
        assert "stale-while-revalidate" not in headers
    with time_machine.travel(now + timedelta(seconds=20), tick=False):
        headers = cache_control(client.get(home))
        assert headers["max-age"] == "25"
        assert "stale-while-revalidate" not in headers
    with time_machine.travel(now + timedelta(seconds=46), tick=False):
        assert "Weekend guide" in client.get(home).content.decode()


def test_a_note_due_later_and_a_campaign_ending_cap_the_ages(client, story):
    """Each caps the pages that show it: the note its story's page and the feeds listing the
    story, the campaign the pages with an appeal, and not the feed."""
    now = timezone.now().replace(microsecond=0)
    add_correction(story, text="Due later.", published_at=now + timedelta(seconds=100))
    with time_machine.travel(now, tick=False):
        assert cache_control(client.get(reverse("articles:feed")))["s-maxage"] == "100"
        assert cache_control(client.get(story.get_absolute_url()))["s-maxage"] == "100"
        place = client.get(reverse("articles:place-detail", args=["haifa"]))
        assert cache_control(place)["s-maxage"] == "100"  # it lists the story
    make_campaign(ends_at=now + timedelta(seconds=70))
    with time_machine.travel(now, tick=False):
        assert cache_control(client.get(reverse("articles:feed")))["s-maxage"] == "100"
        headers = cache_control(client.get(story.get_absolute_url()))
        assert headers["s-maxage"] == "70"
        assert headers["max-age"] == "60"
    with time_machine.travel(now + timedelta(seconds=101), tick=False):
        assert "Due later." in client.get(story.get_absolute_url()).content.decode()


def test_ages_come_from_settings(client, story, settings):
    settings.NEWSROOM_PAGE_MAX_AGE = 10
    settings.NEWSROOM_PAGE_SHARED_MAX_AGE = 600
    settings.NEWSROOM_PAGE_STALE_SECONDS = 0
    headers = cache_control(client.get(reverse("articles:home")))
    assert headers == {"public": True, "max-age": "10", "s-maxage": "600"}


def test_with_the_server_cache_off_pages_render_every_time_but_keep_their_headers(
    client, story, settings
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    url = story.get_absolute_url()
    first = client.get(url)
    Article.objects.filter(pk=story.pk).update(headline="Rendered again")
    response = client.get(url)
    assert "Rendered again" in response.content.decode()
    assert cache_control(response)["public"] is True
    assert response["ETag"] != first["ETag"]


def test_another_release_does_not_serve_this_releases_pages(client, story, settings):
    url = story.get_absolute_url()
    client.get(url)
    Article.objects.filter(pk=story.pk).update(headline="After the deploy")
    settings.NEWSROOM_RELEASE = "next"
    assert "After the deploy" in client.get(url).content.decode()


# The cache down -----------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """A real Redis client pointed at a port nobody listens on (Django's test signals
    rebuild the cache handler when CACHES changes)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


@pytest.mark.usefixtures("redis_down")
@pytest.mark.parametrize("page", ["article", "home", "section", "person", "search", "rss"])
def test_with_redis_down_reader_pages_come_from_the_database(client, story, page):
    response = client.get(reader_urls(story)[page])
    assert response.status_code == 200
    assert cache_control(response)["public"] is True
    assert not response.cookies


@pytest.mark.usefixtures("redis_down")
def test_with_redis_down_a_change_is_still_saved(client, story):
    response = login(Client(), "editor").post(
        change_url(story), change_post(story, headline="Saved with the cache down")
    )
    assert response.status_code == 302
    assert "Saved with the cache down" in client.get(story.get_absolute_url()).content.decode()


def test_a_host_not_allowed_gets_400_not_the_kept_page(client, story):
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url, headers={"Host": "evil.example"}).status_code == 400


def test_a_new_or_renamed_section_reaches_every_menu(client, story, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # only the menu's own cache is under test
    home = reverse("articles:home")
    client.get(home)
    sport = make_section(name="Sport", slug="sport")
    assert 'href="/section/sport/"' in client.get(home).content.decode()
    sport.name = "Sport and games"
    sport.save()
    assert "Sport and games" in client.get(story.get_absolute_url()).content.decode()
    sport.delete()
    assert 'href="/section/sport/"' not in client.get(home).content.decode()
    # Written without signals (as bulk writers do), then forget_pages(), as they must.
    Section.objects.filter(pk=story.section_id).update(name="Public affairs")
    forget_pages()
    assert "Public affairs" in client.get(home).content.decode()
