"""robots.txt and `noindex` agree: a page that asks not to be indexed is one a crawler may read.

A Disallow keeps a crawler from fetching a page, so it never sees the page's `noindex`, and
a disallowed address linked from elsewhere can still be listed (with no title or snippet).
"""

import re
from urllib.robotparser import RobotFileParser

import pytest
from django.urls import reverse

from tests.factories import make_article, make_campaign, make_pledge, make_user

pytestmark = pytest.mark.django_db

CRAWLERS = ["*", "Googlebot", "Bingbot"]


def robots(client):
    parser = RobotFileParser()
    parser.parse(client.get(reverse("robots-txt")).content.decode().splitlines())
    return parser


def says_noindex(response):
    meta = re.search(r'<meta name="robots" content="[^"]*noindex', response.content.decode())
    return bool(meta) or "noindex" in response.get("X-Robots-Tag", "")


def test_every_noindex_page_is_open_to_crawlers(client):
    campaign = make_campaign(slug="keep-us-going")
    pledge = make_pledge(campaign)
    draft = make_article(status="draft", published_at=None)
    pages = {
        "search": reverse("articles:search") + "?q=bridge",
        "donate": reverse("donations:donate"),
        "pledge": reverse("donations:pledge", args=[campaign.slug]) + "?amount=18",
        "thanks": pledge.get_absolute_url(),
    }
    rules = robots(client)

    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert says_noindex(response), f"{name} no longer says noindex"
        for crawler in CRAWLERS:
            assert rules.can_fetch(crawler, url), f"robots.txt hides {name}'s noindex ({url})"

    # A preview says noindex to staff; a crawler may ask for it and is sent to the sign-in.
    preview = reverse("articles:preview", args=[draft.pk])
    assert rules.can_fetch("*", preview)
    staff = client.__class__()
    staff.force_login(make_user("editor"))
    assert says_noindex(staff.get(preview))


def test_the_admin_stays_closed_to_crawlers(client):
    assert not robots(client).can_fetch("*", reverse("admin:index"))
