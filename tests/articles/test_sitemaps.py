"""Crawler surfaces: /sitemap.xml (the index) and its parts, /news-sitemap.xml, /robots.txt,
and /healthz."""

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import partial
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article
from articles.sitemaps import SiteURLSitemap
from tests.articles.record_factories import make_organisation
from tests.conftest import PUBLIC_SITE_URL as SITE_URL
from tests.factories import (
    HIDDEN,
    HIDDEN_IDS,
    add_byline,
    add_correction,
    add_quote,
    make_article,
    make_person,
    make_place,
    make_section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
LISTS = ["home", "sections", "people", "authors", "places", "organisations", "tags"]


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def get_sitemap(client, name="sitemap", **kwargs):
    return get_address(client, reverse(name, kwargs=kwargs or None))


def get_address(client, address):
    """A sitemap by its path, or by the absolute address the index gives for it."""
    response = client.get(address.removeprefix(SITE_URL), HTTP_HOST="internal.lan")
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith("application/xml")
    return response


def locations(response):
    return [loc.text for loc in parse(response).iter(f"{SITEMAP}loc")]


def index_entries(client):
    """{part's address: its lastmod (None when the index gives none)} from /sitemap.xml."""
    root = parse(get_sitemap(client))
    assert root.tag == f"{SITEMAP}sitemapindex"
    return {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.iter(f"{SITEMAP}sitemap")
    }


def parts(client):
    """{part's address: the addresses it lists}, for every part the index lists except
    Google News, which repeats the newest stories by design."""
    news = url(reverse("news-sitemap"))
    return {
        part: locations(get_address(client, part))
        for part in index_entries(client)
        if part != news
    }


def crawl(client):
    """Every address a crawler finds by following the index, as often as it finds it."""
    return [address for found in parts(client).values() for address in found]


def url(path):
    return f"{SITE_URL}{path}"


def list_part(name, page=1):
    address = url(reverse("sitemap-list", kwargs={"section": name}))
    return address if page == 1 else f"{address}?p={page}"


def month_part(year, month, page=1):
    path = reverse("sitemap-stories", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"})
    return url(path) if page == 1 else url(f"{path}?p={page}")


def at(year, month, day, hour=12):
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_index_lists_every_part_on_the_site_host(client):
    january = make_article(section=make_section(), published_at=at(2024, 1, 15))
    january.tags.add("Defence")
    add_byline(january)
    add_quote(january)
    january.places.add(make_place())
    january.organisations.add(make_organisation())
    march = make_article(published_at=at(2024, 3, 10))
    march.modified_at = at(2024, 4, 2)
    march.save()
    recent = make_article()

    response = get_sitemap(client)
    entries = index_entries(client)

    now = timezone.localtime(recent.published_at)
    assert set(entries) == {
        *map(list_part, LISTS),
        month_part(2024, 1),
        month_part(2024, 3),
        month_part(now.year, now.month),
        url(reverse("news-sitemap")),
    }
    assert all(address.startswith(f"{SITE_URL}/") for address in entries)
    assert "internal.lan" not in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    # Each month carries its last change, correction notes included; a crawler that has
    # seen it may skip the month.
    assert parse_datetime(entries[month_part(2024, 1)]) == january.published_at
    assert parse_datetime(entries[month_part(2024, 3)]) == march.modified_at
    assert parse_datetime(entries[list_part("home")]) == recent.published_at
    # Nothing cheap tells when the set of people with a story last changed.
    assert entries[list_part("people")] is None


def test_sitemap_lists_every_reader_page_with_published_stories(client):
    section = make_section(slug="world")
    dateline = make_place(slug="nevatim")
    about = make_place(slug="negev")
    subject = make_person(slug="subject")
    author = make_person(slug="author")
    speaker = make_person(slug="speaker")
    article = make_article(section=section, dateline=dateline)
    article.places.add(about)
    article.people.add(subject)
    article.tags.add("Defence")
    add_byline(article, author)
    add_quote(article, speaker)

    found = crawl(client)

    expected = [
        url(reverse("articles:home")),
        url(article.get_absolute_url()),
        url(reverse("articles:section-detail", args=["world"])),
        url(reverse("articles:place-detail", args=["nevatim"])),
        url(reverse("articles:place-detail", args=["negev"])),
        url(reverse("articles:person-detail", args=["subject"])),
        url(reverse("articles:person-detail", args=["author"])),
        url(reverse("articles:person-detail", args=["speaker"])),
        url(reverse("articles:author-detail", args=["author"])),
        url(reverse("articles:tag-detail", args=["defence"])),
    ]
    assert sorted(found) == sorted(expected)


def test_every_published_story_is_in_exactly_one_part_of_at_most_the_limit(client, monkeypatch):
    monkeypatch.setattr(SiteURLSitemap, "limit", 2)
    january = [make_article(published_at=at(2024, 1, day)) for day in [20, 3, 11, 27, 8]]
    february = make_article(published_at=at(2024, 2, 29))
    hidden = [
        make_article(**{"published_at": at(2024, 1, 9), **overrides}) for overrides in HIDDEN
    ]
    future = make_article(published_at=timezone.now() + timedelta(days=40))
    for n in range(3):
        add_byline(make_article(published_at=at(2023, 12, 1)), make_person(slug=f"writer-{n}"))

    found = parts(client)

    stories = [*january, february, *Article.objects.filter(published_at=at(2023, 12, 1))]
    crawled = Counter(address for addresses in found.values() for address in addresses)
    for story in stories:
        assert crawled[url(story.get_absolute_url())] == 1, story.slug
    for story in [*hidden, future]:
        assert all(story.slug not in address for address in crawled)
    assert all(len(addresses) <= 2 for addresses in found.values())
    # Oldest first within a month, so the first pages keep their lists as the month fills.
    by_day = sorted(january, key=lambda story: story.published_at)
    assert [found[month_part(2024, 1, page)] for page in [1, 2, 3]] == [
        [url(story.get_absolute_url()) for story in by_day[:2]],
        [url(story.get_absolute_url()) for story in by_day[2:4]],
        [url(by_day[4].get_absolute_url())],
    ]
    assert found[month_part(2024, 2)] == [url(february.get_absolute_url())]
    # Three writers: two people and two authors on the first page of each, one on the next.
    assert list_part("people", 2) in found
    assert list_part("authors", 2) in found
    assert list_part("people", 3) not in found


def test_a_story_is_in_the_month_of_its_own_address(client, settings):
    """Months are those of TIME_ZONE, as the day in a story's address is."""
    settings.TIME_ZONE = "Asia/Jerusalem"
    story = make_article(published_at=datetime(2024, 1, 31, 23, 30, tzinfo=UTC))

    assert "/2024/02/01/" in story.get_absolute_url()
    found = parts(client)
    assert month_part(2024, 1) not in found
    assert found[month_part(2024, 2)] == [url(story.get_absolute_url())]


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(lambda: month_part(2023, 7), id="month-without-stories"),
        pytest.param(lambda: month_part(2024, 1, page=2), id="page-past-the-last"),
        pytest.param(lambda: f"{month_part(2024, 1)}?p=0", id="page-zero"),
        pytest.param(lambda: f"{month_part(2024, 1)}?p=last", id="page-not-a-number"),
        pytest.param(lambda: url("/sitemap-stories-2024-13.xml"), id="month-13"),
        pytest.param(lambda: url("/sitemap-stories-0000-01.xml"), id="year-0"),
        pytest.param(lambda: url("/sitemap-stories-2024-1.xml"), id="one-digit-month"),
        pytest.param(lambda: month_part(2031, 5), id="month-with-only-a-scheduled-story"),
        pytest.param(lambda: list_part("tags"), id="list-with-nothing-in-it"),
        pytest.param(lambda: list_part("people", page=2), id="list-page-past-the-last"),
        pytest.param(lambda: url("/sitemap-stories.xml"), id="no-such-list"),
    ],
)
def test_a_part_out_of_range_is_not_found(client, path):
    make_article(published_at=at(2024, 1, 15))
    make_article(published_at=datetime(2031, 5, 1, tzinfo=UTC))
    add_byline(make_article(published_at=at(2024, 1, 16)))

    assert path() not in index_entries(client)
    response = client.get(path().removeprefix(SITE_URL), HTTP_HOST="internal.lan")
    assert response.status_code == 404


def test_sitemap_article_lastmod(client):
    now = timezone.now()
    plain = make_article(published_at=now - timedelta(days=3))
    updated = make_article(published_at=now - timedelta(days=5))
    updated.modified_at = now - timedelta(days=1)
    updated.save()

    lastmods = {}
    for part in parts(client):
        root = parse(get_address(client, part))
        lastmods.update(
            (entry.findtext(f"{SITEMAP}loc"), entry.findtext(f"{SITEMAP}lastmod"))
            for entry in root.iter(f"{SITEMAP}url")
        )
    assert lastmods[url(plain.get_absolute_url())] == f"{plain.published_at:%Y-%m-%d}"
    assert lastmods[url(updated.get_absolute_url())] == f"{updated.modified_at:%Y-%m-%d}"


@pytest.mark.parametrize("overrides", HIDDEN, ids=HIDDEN_IDS)
def test_sitemaps_leave_out_unpublished_stories_and_their_pages(client, overrides):
    hidden = make_article(
        section=make_section(slug="secret-section"),
        dateline=make_place(slug="secret-place"),
        **{"published_at": timezone.now() - timedelta(hours=1), **overrides},
    )
    hidden.people.add(make_person(slug="secret-person"))
    hidden.tags.add("secret-tag")
    add_byline(hidden, make_person(slug="secret-author"))
    visible = make_article()

    assert url(visible.get_absolute_url()) in crawl(client)
    news = get_sitemap(client, "news-sitemap")
    assert url(visible.get_absolute_url()) in locations(news)
    for response in [get_sitemap(client), news, *map(partial(get_address, client), parts(client))]:
        text = response.content.decode()
        assert hidden.slug not in text
        assert "secret" not in text


def test_sitemaps_use_only_absolute_urls_on_the_site_host(client, settings):
    article = make_article(section=make_section(), dateline=make_place())
    article.tags.add("Defence")
    article.organisations.add(make_organisation())
    add_byline(article)

    sitemaps = [reverse("sitemap"), reverse("news-sitemap"), *parts(client)]
    assert len(sitemaps) == 2 + len(LISTS) + 1  # and one month of stories
    for address in sitemaps:
        response = get_address(client, address)
        found = locations(response)
        assert found
        assert all(loc.startswith(f"{SITE_URL}/") for loc in found), found
        assert "internal.lan" not in response.content.decode()
        assert "example.com" not in response.content.decode()

    settings.SITE_URL = "http://localhost:8000"
    index = locations(get_address(client, reverse("sitemap")))
    assert all(loc.startswith("http://localhost:8000/") for loc in index)
    [month] = [loc for loc in index if "/sitemap-stories-" in loc]
    part = get_address(client, month.removeprefix("http://localhost:8000"))
    assert locations(part) == [f"http://localhost:8000{article.get_absolute_url()}"]


def test_news_sitemap_has_the_last_two_days_in_google_news_format(client):
    now = timezone.now()
    fresh = make_article(headline="Fresh & new", published_at=now - timedelta(hours=3))
    yesterday = make_article(published_at=now - timedelta(days=1, hours=12))
    make_article(headline="Old news", published_at=now - timedelta(days=2, minutes=5))

    response = get_sitemap(client, "news-sitemap")

    root = parse(response)
    assert root.tag == f"{SITEMAP}urlset"
    entries = root.findall(f"{SITEMAP}url")
    assert [entry.findtext(f"{SITEMAP}loc") for entry in entries] == [
        url(fresh.get_absolute_url()),
        url(yesterday.get_absolute_url()),
    ]
    news = entries[0].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Daily Example"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Fresh & new"
    published = parse_datetime(news.findtext(f"{NEWS}publication_date"))
    assert published == fresh.published_at
    assert "Old news" not in response.content.decode()


def test_news_sitemap_with_nothing_new_is_an_empty_list(client):
    make_article(published_at=timezone.now() - timedelta(days=3))

    assert locations(get_sitemap(client, "news-sitemap")) == []


def add_stories(count, month):
    """Stories in `month` (a datetime), each with a section, dateline, person, tag, byline,
    quote and note: the rows a part could be tempted to fetch one story at a time."""
    for day in range(1, count + 1):
        article = make_article(
            section=make_section(), dateline=make_place(), published_at=month.replace(day=day)
        )
        article.people.add(make_person())
        article.organisations.add(make_organisation())
        article.tags.add(f"tag-{article.pk}")
        add_byline(article)
        add_quote(article)
        add_correction(article, published_at=month.replace(day=day, hour=13))


@pytest.mark.usefixtures("render_every_time")
def test_index_queries_do_not_grow_with_stories_or_months(client, django_assert_num_queries):
    add_stories(2, at(2024, 1, 1))
    with django_assert_num_queries(8) as few:  # home's lastmod, a count per list, the months
        get_sitemap(client)

    for month in range(2, 12):
        add_stories(3, at(2024, month, 1))
    with django_assert_num_queries(len(few)):
        entries = index_entries(client)
    assert len(entries) == len(LISTS) + 11 + 1  # lists, a part per month, news


@pytest.mark.usefixtures("render_every_time")
def test_a_part_of_stories_takes_two_queries_however_many_stories(
    client, django_assert_num_queries
):
    add_stories(2, at(2024, 1, 1))
    with django_assert_num_queries(2):  # the month's count and its page of stories
        response = get_sitemap(client, "sitemap-stories", year="2024", month="01")
    assert len(locations(response)) == 2

    add_stories(8, at(2024, 1, 1).replace(hour=15))
    with django_assert_num_queries(2):
        response = get_sitemap(client, "sitemap-stories", year="2024", month="01")
    assert len(locations(response)) == 10


@pytest.mark.usefixtures("render_every_time")
@pytest.mark.parametrize("name", LISTS)
def test_a_list_part_takes_at_most_two_queries(client, name, django_assert_max_num_queries):
    add_stories(5, at(2024, 1, 1))
    with django_assert_max_num_queries(2):  # the list's count and its page of rows
        response = get_sitemap(client, "sitemap-list", section=name)
    assert locations(response)


def test_robots_txt_lists_both_sitemaps_on_the_site_host(client):
    make_article()
    response = client.get(reverse("robots-txt"), HTTP_HOST="internal.lan")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE_URL}{reverse('sitemap')}" in lines
    assert f"Sitemap: {SITE_URL}{reverse('news-sitemap')}" in lines
    assert "Disallow: /admin/" in lines
    # The address robots.txt gives is the index, and the index leads to the stories.
    index = [line.removeprefix("Sitemap: ") for line in lines if line.startswith("Sitemap:")][0]
    assert parse(get_address(client, index)).tag == f"{SITEMAP}sitemapindex"


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content.decode().splitlines()[0] == "ok"


def test_healthz_is_503_when_the_database_fails(client):
    with mock.patch(
        "django.db.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert "database unavailable" in response.content.decode()


def test_healthz_answers_plain_http_when_everything_else_redirects_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    response = client.get(reverse("articles:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
