"""The reader's pages, by URL name: what they show, what they hide, what they cost."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Section
from tests.factories import (
    add_byline,
    add_quote,
    make_article,
    make_image,
    make_person,
    make_place,
    make_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A section, a person, a place and a tag, each with one published story."""
    section = make_section(name="World", slug="world")
    country = make_place(name="Israel", slug="israel", kind="country")
    base = make_place(name="Nevatim Air Base", slug="nevatim", kind="facility", parent=country)
    person = make_person(
        name="Dana Levi", slug="dana-levi", role="Defence Minister", honorific="Dr."
    )
    story = make_article(
        headline="Minister visits the base", section=section, dateline=base, lead_image=None
    )
    story.people.add(person)
    story.places.add(country)
    story.tags.add("Defence")
    add_byline(story, person)
    add_quote(story, person, text="The base is ready.")
    return {
        "section": section,
        "place": base,
        "country": country,
        "person": person,
        "story": story,
    }


def hidden_stories(world):
    """Stories readers must not see anywhere, attached to everything in `world`."""
    stories = [
        make_article(headline="SECRET draft", status=Article.Status.DRAFT, published_at=None),
        make_article(headline="SECRET review", status=Article.Status.IN_REVIEW, published_at=None),
        make_article(headline="SECRET pulled", status=Article.Status.UNPUBLISHED),
        make_article(headline="SECRET later", published_at=timezone.now() + timedelta(hours=1)),
    ]
    for story in stories:
        story.section = world["section"]
        story.dateline = world["place"]
        story.save()
        story.people.add(world["person"])
        story.places.add(world["country"])
        story.tags.add("Defence")
        add_byline(story, world["person"])
        add_quote(story, world["person"], text="SECRET words.")
    return stories


def page_urls(world):
    return {
        "home": reverse("articles:home"),
        "section": reverse("articles:section-detail", args=["world"]),
        "tag": reverse("articles:tag-detail", args=["defence"]),
        "person": reverse("articles:person-detail", args=["dana-levi"]),
        "author": reverse("articles:author-detail", args=["dana-levi"]),
        "place": reverse("articles:place-detail", args=["nevatim"]),
        "country": reverse("articles:place-detail", args=["israel"]),
        "search": reverse("articles:search") + "?q=paragraph",
    }


def test_every_list_page_shows_the_story_and_hides_the_rest(client, world):
    hidden_stories(world)
    for name, url in page_urls(world).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "SECRET" not in html, name
        assert "Minister visits the base" in html, name
        assert "Set-Cookie" not in response.headers, name


@pytest.mark.parametrize(
    ("name", "template"),
    [
        ("home", "articles/home.html"),
        ("section", "articles/section_detail.html"),
        ("tag", "articles/tag_detail.html"),
        ("person", "articles/person_detail.html"),
        ("author", "articles/author_detail.html"),
        ("place", "articles/place_detail.html"),
        ("search", "articles/search_results.html"),
    ],
)
def test_templates(client, world, name, template):
    response = client.get(page_urls(world)[name])
    assert template in [t.name for t in response.templates]


def test_person_page_has_role_stories_written_and_quotes_newest_first(client, world):
    person, story = world["person"], world["story"]
    older = make_article(headline="Older story", published_at=timezone.now() - timedelta(days=3))
    add_quote(older, person, text="An older remark.")
    html = client.get(reverse("articles:person-detail", args=[person.slug])).content.decode()
    assert "Dr. Dana Levi" in html and "Defence Minister" in html
    assert html.index("The base is ready.") < html.index("An older remark.")
    assert older.get_absolute_url() in html and story.get_absolute_url() in html
    assert reverse("articles:author-detail", args=[person.slug]) in html


def test_place_page_lists_stories_there_and_places_inside(client, world):
    html = client.get(reverse("articles:place-detail", args=["israel"])).content.decode()
    assert "Minister visits the base" in html
    assert reverse("articles:place-detail", args=["nevatim"]) in html
    html = client.get(reverse("articles:place-detail", args=["nevatim"])).content.decode()
    assert "Minister visits the base" in html  # datelined there
    assert "Facility" not in html and "Base or facility" in html


def test_article_page_links_people_places_tags_and_authors(client, world):
    html = client.get(world["story"].get_absolute_url()).content.decode()
    for url in [
        reverse("articles:person-detail", args=["dana-levi"]),
        reverse("articles:author-detail", args=["dana-levi"]),
        reverse("articles:place-detail", args=["israel"]),
        reverse("articles:place-detail", args=["nevatim"]),
        reverse("articles:tag-detail", args=["defence"]),
    ]:
        assert f'href="{url}"' in html, url


def test_related_stories_prefer_shared_people(client, world):
    story = world["story"]
    same_person = make_article(headline="Also about Levi")
    same_person.people.add(world["person"])
    same_section = make_article(headline="Same desk", section=world["section"])
    make_article(headline="Unrelated")
    related = client.get(story.get_absolute_url()).context["related"]
    assert related == [same_person, same_section]


def test_unknown_pages_are_404_in_the_site_design(client):
    for name in ["section-detail", "tag-detail", "person-detail", "author-detail", "place-detail"]:
        response = client.get(reverse(f"articles:{name}", args=["nope"]))
        assert response.status_code == 404, name
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_pagination(client, world):
    for i in range(25):
        make_article(headline=f"Filler {i}", section=world["section"])
    url = reverse("articles:section-detail", args=["world"])
    first = client.get(url)
    assert len(first.context["page"].object_list) == 20
    assert 'rel="next"' in first.content.decode()
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 6
    assert client.get(url, {"page": "junk"}).status_code == 200
    assert client.get(url, {"page": 999}).context["page"].number == 2


def test_old_slug_and_date_redirect_permanently(client, world):
    story = world["story"]
    old_url = story.get_absolute_url()
    story.slug = "minister-tours-the-base"
    story.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()

    story.published_at -= timedelta(days=2)
    story.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200


def test_old_slug_of_a_hidden_story_is_404(client, world):
    story = world["story"]
    old_url = story.get_absolute_url()
    story.slug = "renamed"
    story.status = Article.Status.UNPUBLISHED
    story.save()
    assert client.get(old_url).status_code == 404


def grow(world, count):
    """Add `count` stories tied to everything in `world`, each with image, people, tags."""
    for i in range(count):
        section = make_section()
        story = make_article(section=section, dateline=world["place"], lead_image=make_image())
        for _ in range(3):
            story.people.add(make_person())
            story.places.add(make_place())
            add_byline(story, make_person())
        story.people.add(world["person"])
        story.places.add(world["country"])
        story.tags.add("Defence", f"extra-{i}")
        add_byline(story, world["person"])
        add_quote(story, world["person"], text=f"Remark {i}.")
        story.section = world["section"] if i % 2 else section
        story.save()


@pytest.mark.usefixtures("render_every_time")
@pytest.mark.parametrize("name", ["home", "section", "tag", "person", "author", "place"])
def test_list_pages_query_count_does_not_grow(client, world, name, django_assert_max_num_queries):
    url = page_urls(world)[name]
    grow(world, 12)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    grow(world, 12)
    Section.objects.navigation()  # the new sections in the menu (kept in the cache)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200


def test_tag_page_uses_taggit_slug(client, world):
    tag = Tag.objects.get(name="Defence")
    assert client.get(reverse("articles:tag-detail", args=[tag.slug])).status_code == 200


def test_each_page_has_one_description_and_the_section_page_no_repeated_kicker(client, world):
    for name, url in page_urls(world).items():
        html = client.get(url).content.decode()
        assert html.count('<meta name="description"') == 1, name
    html = client.get(page_urls(world)["section"]).content.decode()
    assert 'class="kicker"' not in html.split("<main")[1]
    html = client.get(page_urls(world)["tag"]).content.decode()
    assert 'class="kicker"><a href="/section/world/"' in html
