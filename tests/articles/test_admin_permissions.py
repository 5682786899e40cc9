"""Who may open and change what in the article admin. The admin enforces it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_data import change_post
from tests.factories import ROLES, login, make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return make_article(status=Article.Status.DRAFT, published_at=None, headline="Draft story")


@pytest.fixture
def published():
    return make_article(headline="Live story")


def url_for(page, draft, published):
    return {
        "changelist": reverse("admin:articles_article_changelist"),
        "add": reverse("admin:articles_article_add"),
        "change-draft": reverse("admin:articles_article_change", args=[draft.pk]),
        "change-published": reverse("admin:articles_article_change", args=[published.pk]),
        "delete-draft": reverse("admin:articles_article_delete", args=[draft.pk]),
        "delete-published": reverse("admin:articles_article_delete", args=[published.pk]),
        "people": reverse("admin:articles_person_changelist"),
        "places": reverse("admin:articles_place_changelist"),
        "images": reverse("admin:articles_image_changelist"),
        "add-person": reverse("admin:articles_person_add"),
        "sections-add": reverse("admin:articles_section_add"),
    }[page]


# Expected status of a GET, by page and role.
GET_MATRIX = {
    "changelist": [302, 200, 200, 403, 200],
    "add": [302, 200, 200, 403, 200],
    "change-draft": [302, 200, 200, 403, 200],
    "change-published": [302, 200, 200, 403, 200],
    "delete-draft": [302, 403, 200, 403, 200],
    "delete-published": [302, 403, 200, 403, 200],
    "people": [302, 200, 200, 403, 200],
    # Fundraisers see places (read only) to target campaigns at them.
    "places": [302, 200, 200, 200, 200],
    "images": [302, 200, 200, 403, 200],
    "add-person": [302, 200, 200, 403, 200],
    "sections-add": [302, 403, 200, 403, 200],
}


@pytest.mark.parametrize("page", list(GET_MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_get_matrix(client, draft, published, page, role):
    expected = GET_MATRIX[page][ROLES.index(role)]
    response = login(client, role).get(url_for(page, draft, published))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("journalist", 403), ("fundraiser", 403), ("editor", 302)],
)
def test_editing_a_live_story(client, published, role, expected):
    url = reverse("admin:articles_article_change", args=[published.pk])
    response = login(client, role).post(url, change_post(published, headline="Rewritten"))
    assert response.status_code == expected
    published.refresh_from_db()
    assert (published.headline == "Rewritten") is (role == "editor")


def test_journalist_sees_a_live_story_read_only(client, published):
    login(client, "journalist")
    html = client.get(reverse("admin:articles_article_change", args=[published.pk])).content
    assert b'name="headline"' not in html
    assert b'name="_save"' not in html


def test_journalist_is_offered_only_draft_and_review(client):
    login(client, "journalist")
    form = client.get(reverse("admin:articles_article_add")).context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    assert "published_at" not in form.fields


@pytest.mark.parametrize("status", ["published", "unpublished"])
def test_journalist_cannot_publish_with_a_crafted_post(client, draft, status):
    login(client, "journalist", owns=draft)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.post(
        url,
        change_post(draft, status=status, published_at_0="2020-01-01", published_at_1="10:00"),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None
    assert draft not in Article.objects.published()


def test_journalist_can_send_a_draft_for_review(client, draft):
    login(client, "journalist", owns=draft)
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.post(url, change_post(draft, status="review"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.IN_REVIEW


def test_editor_publishes_now_when_no_time_is_given(client, draft):
    login(client, "editor")
    url = reverse("admin:articles_article_change", args=[draft.pk])
    before = timezone.now()
    response = client.post(url, change_post(draft, status="published"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert before.replace(microsecond=0) <= draft.published_at <= timezone.now()
    assert client.logout() is None
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_editor_schedules_for_a_set_time(client, draft):
    login(client, "editor")
    url = reverse("admin:articles_article_change", args=[draft.pk])
    response = client.post(
        url,
        change_post(
            draft, status="published", published_at_0="2999-01-01", published_at_1="09:00"
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft in Article.objects.scheduled()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_editing_a_live_story_shows_it_as_updated(client, published, draft):
    login(client, "editor")
    for article in (published, draft):
        url = reverse("admin:articles_article_change", args=[article.pk])
        response = client.post(url, change_post(article, body="<p>New fact.</p>"))
        assert response.status_code == 302
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.modified_at > published.published_at
    assert draft.modified_at is None
    client.logout()
    assert "Updated" in client.get(published.get_absolute_url()).content.decode()


def test_saving_a_live_story_unchanged_does_not_mark_it_updated(client, published):
    login(client, "editor")
    url = reverse("admin:articles_article_change", args=[published.pk])
    data = change_post(published, body=published.body, dek=published.dek)
    assert client.post(url, data).status_code == 302
    published.refresh_from_db()
    assert published.modified_at is None
