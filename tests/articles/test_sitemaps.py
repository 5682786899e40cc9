"""Crawler surfaces: /sitemap.xml, /news-sitemap.xml, /robots.txt, and /healthz."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from tests.conftest import PUBLIC_SITE_URL as SITE_URL
from tests.factories import (
    HIDDEN,
    HIDDEN_IDS,
    add_byline,
    add_quote,
    make_article,
    make_person,
    make_place,
    make_section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def get_sitemap(client, name="sitemap"):
    response = client.get(reverse(name), HTTP_HOST="internal.lan")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return response


def locations(response):
    return [loc.text for loc in parse(response).iter(f"{SITEMAP}loc")]


def url(path):
    return f"{SITE_URL}{path}"


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

    found = locations(get_sitemap(client))

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


def test_sitemap_article_lastmod(client):
    now = timezone.now()
    plain = make_article(published_at=now - timedelta(days=3))
    updated = make_article(published_at=now - timedelta(days=5))
    updated.modified_at = now - timedelta(days=1)
    updated.save()

    root = parse(get_sitemap(client))

    lastmods = {
        entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.iter(f"{SITEMAP}url")
    }
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

    for name in ["sitemap", "news-sitemap"]:
        response = get_sitemap(client, name)
        text = response.content.decode()
        assert url(visible.get_absolute_url()) in locations(response)
        assert hidden.slug not in text
        assert "secret" not in text


def test_sitemaps_use_only_absolute_urls_on_the_site_host(client, settings):
    article = make_article(section=make_section())
    article.tags.add("Defence")
    add_byline(article)

    for name in ["sitemap", "news-sitemap"]:
        response = get_sitemap(client, name)
        found = locations(response)
        assert found
        assert all(loc.startswith(f"{SITE_URL}/") for loc in found), found
        assert "internal.lan" not in response.content.decode()
        assert "example.com" not in response.content.decode()

    settings.SITE_URL = "http://localhost:8000"
    assert all(loc.startswith("http://localhost:8000/") for loc in locations(get_sitemap(client)))


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


@pytest.mark.usefixtures("render_every_time")
def test_sitemap_queries_do_not_grow_with_stories(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    def add_stories(count):
        for _ in range(count):
            article = make_article(section=make_section(), dateline=make_place())
            article.people.add(make_person())
            article.tags.add(f"tag-{article.pk}")
            add_byline(article)

    add_stories(2)
    with django_assert_max_num_queries(20) as few:
        get_sitemap(client)

    add_stories(8)
    with django_assert_num_queries(len(few)):
        response = get_sitemap(client)
    assert len(locations(response)) == 1 + 10 * 7  # home; story, section, place, 2 people, ...


def test_robots_txt_lists_both_sitemaps_on_the_site_host(client):
    response = client.get(reverse("robots-txt"), HTTP_HOST="internal.lan")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {SITE_URL}{reverse('sitemap')}" in lines
    assert f"Sitemap: {SITE_URL}{reverse('news-sitemap')}" in lines
    assert "Disallow: /admin/" in lines


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.content.decode().strip() == "ok"


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
