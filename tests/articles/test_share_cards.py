"""Link previews for the pages that are not stories: OpenGraph and Twitter card tags on the
home, section, tag, person, place and author pages, every address absolute on SITE_URL."""

import pytest
from django.templatetags.static import static
from django.urls import reverse

from tests.articles.test_structured_data import SITE, parse
from tests.factories import (
    add_byline,
    make_article,
    make_image,
    make_person,
    make_place,
    make_section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]

LOGO = SITE + static("img/logo.png")


@pytest.fixture
def pages():
    """{page type: (address, title, description, image)} with a story on each."""
    section = make_section(name="World", slug="world", description="News from abroad.")
    place = make_place(name="Haifa", slug="haifa", description="A port city.")
    photo = make_image(alt_text="Noa Friedman, smiling.")
    writer = make_person(name="Noa Friedman", slug="noa-friedman", role="Reporter", photo=photo)
    speaker = make_person(name="Yael Dror", slug="yael-dror", role="Defence minister")
    story = make_article(section=section, dateline=place)
    story.places.add(place)
    story.people.add(speaker)
    story.tags.add("Bridges")
    add_byline(story, writer)
    return {
        "home": (reverse("articles:home"), "The Daily Example", "Independent news", LOGO),
        "section": (reverse("articles:section-detail", args=["world"]), "World", "abroad", LOGO),
        "tag": (reverse("articles:tag-detail", args=["bridges"]), "Bridges", "Bridges", LOGO),
        "person": (
            reverse("articles:person-detail", args=["yael-dror"]),
            "Yael Dror",
            "Defence minister",
            LOGO,
        ),
        "place": (reverse("articles:place-detail", args=["haifa"]), "Haifa", "port city", LOGO),
        "author": (
            reverse("articles:author-detail", args=["noa-friedman"]),
            "Noa Friedman",
            "Reporter",
            SITE + photo.fallback().file.url,
        ),
    }


@pytest.mark.parametrize("name", ["home", "section", "tag", "person", "place", "author"])
def test_page_carries_opengraph_and_twitter_card(client, pages, name):
    url, title, description, image = pages[name]
    page = parse(client.get(url, HTTP_HOST="internal.lan"))
    og = page.properties("property")
    twitter = page.properties("name")

    assert og["og:title"] == [title]
    assert og["og:site_name"] == ["The Daily Example"]
    assert og["og:url"] == page.canonical() == [SITE + url]
    assert og["og:type"] == ["profile" if name in {"person", "author"} else "website"]
    assert description in og["og:description"][0]
    assert og["og:image"] == [image]
    assert og["og:image:width"] and og["og:image:height"] and og["og:image:alt"]
    assert twitter["twitter:card"] == ["summary"]
    assert twitter["twitter:title"] == [title]
    assert twitter["twitter:description"] == og["og:description"]
    assert twitter["twitter:image"] == [image]


def test_a_later_page_of_a_list_shares_its_own_address(client, pages):
    section = make_section(slug="busy")
    for _ in range(21):
        make_article(section=section)
    url = reverse("articles:section-detail", args=["busy"]) + "?page=2"
    og = parse(client.get(url)).properties("property")
    assert og["og:url"] == [SITE + url]
