"""Existing tags offered in the story form's tag field as a journalist types."""

import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.factories import ROLES, login, make_article

pytestmark = pytest.mark.django_db

SUGGESTIONS = "admin:articles_article_tag_suggestions"


@pytest.fixture
def tags():
    for name in ["Climate", "Climate change", "Clinics", "Defence", "Middle East"]:
        Tag.objects.create(name=name)


def suggest(client, typed):
    response = client.get(reverse(SUGGESTIONS), {"q": typed})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["tags"]


@pytest.mark.usefixtures("tags")
@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("cl", ["Climate", "Climate change", "Clinics"]),
        ("CLIM", ["Climate", "Climate change"]),
        ("climate ch", ["Climate change"]),
        ("mid", ["Middle East"]),
        ("  ", []),
        ("zebra", []),
    ],
)
def test_tags_starting_as_typed(journalist_client, typed, offered):
    assert suggest(journalist_client, typed) == offered


def test_at_most_ten_in_one_query(journalist_client, django_assert_num_queries):
    for n in range(15):
        Tag.objects.create(name=f"Election {n:02}")
    # The session, its user and their permissions (as every admin page), then one lookup.
    with django_assert_num_queries(5):
        offered = suggest(journalist_client, "elec")
    assert offered == [f"Election {n:02}" for n in range(10)]


@pytest.mark.usefixtures("tags")
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("journalist", 200),
        ("editor", 200),
        ("fundraiser", 403),
        ("superuser", 200),
    ],
)
def test_who_may_ask(client, role, status):
    assert set(ROLES) >= {"journalist", "editor", "fundraiser", "superuser"}
    login(client, role)
    response = client.get(reverse(SUGGESTIONS), {"q": "cl"})
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("page", ["add", "change"])
def test_story_form_points_the_tag_field_at_the_suggestions(client, page):
    if page == "add":
        login(client, "journalist")
        url = reverse("admin:articles_article_add")
    else:
        story = make_article(status="draft", published_at=None)
        story.tags.add("Climate")
        login(client, "journalist", owns=story)
        url = reverse("admin:articles_article_change", args=[story.pk])
    html = client.get(url).content.decode()
    field = html[html.index('name="tags"') :]
    field = field[: field.index(">")]
    assert f'data-suggestions="{reverse(SUGGESTIONS)}"' in field
    assert 'autocomplete="off"' in field
    # Loaded from our own origin, never inline: the admin's policy allows nothing else.
    assert 'src="/static/js/admin_tags.js"' in html
