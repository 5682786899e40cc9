"""An embargo blocks publishing in the admin until it passes."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_data import change_post
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LIFTS = timezone.now().replace(microsecond=0) + timedelta(days=1)


def in_review(**overrides):
    fields = {"status": Article.Status.IN_REVIEW, "published_at": None, "embargo_until": LIFTS}
    return make_article(**fields | overrides)


def publish_now(client, story):
    return client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        change_post(story, status="published", published_at_0="", published_at_1=""),
    )


def test_an_editor_cannot_publish_before_the_embargo_ends(editor_client):
    story = in_review()

    response = publish_now(editor_client, story)

    assert response.status_code == 200
    assert "This story is under embargo until" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW and story.published_at is None


def test_the_story_form_shows_the_embargo(editor_client):
    story = in_review()
    html = editor_client.get(reverse("admin:articles_article_change", args=[story.pk])).content
    assert b'name="embargo_until_0"' in html


def test_scheduling_it_for_the_embargo_time_is_allowed(editor_client):
    story = in_review()
    local = timezone.localtime(LIFTS)

    response = editor_client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        change_post(
            story,
            status="published",
            published_at_0=local.strftime("%Y-%m-%d"),
            published_at_1=local.strftime("%H:%M:%S"),
            embargo_until_0=local.strftime("%Y-%m-%d"),
            embargo_until_1=local.strftime("%H:%M:%S"),
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED and story.published_at == LIFTS


def test_once_the_embargo_has_passed_the_editor_publishes(editor_client):
    story = in_review()
    with time_machine.travel(LIFTS + timedelta(minutes=1), tick=False):
        local = timezone.localtime(LIFTS)
        response = editor_client.post(
            reverse("admin:articles_article_change", args=[story.pk]),
            change_post(
                story,
                status="published",
                embargo_until_0=local.strftime("%Y-%m-%d"),
                embargo_until_1=local.strftime("%H:%M:%S"),
            ),
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED and story.published_at > LIFTS


def test_the_database_refuses_an_early_publication_whatever_writes_it():
    story = in_review()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=story.pk).update(
            status=Article.Status.PUBLISHED, published_at=timezone.now()
        )
