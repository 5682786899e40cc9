"""Staff preview a story readers cannot see yet, as readers will see it: never cached,
never indexed, and nobody outside the newsroom gets in."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import add_quote, make_article, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled():
    story = make_article(
        headline="Budget vote moved to Thursday",
        published_at=timezone.now() + timedelta(hours=5),
    )
    add_quote(story, text="We need another day.")
    return story


def preview_url(story):
    return reverse("articles:preview", args=[story.pk])


@pytest.mark.parametrize("role", ["journalist", "editor", "superuser"])
@pytest.mark.parametrize("state", ["draft", "review", "scheduled"])
def test_newsroom_previews_a_story_as_readers_will_see_it(client, role, state):
    make_campaign(appeal_headline="Fund the council desk")
    story = make_article(
        headline="Budget vote moved to Thursday",
        status={"draft": "draft", "review": "review", "scheduled": "published"}[state],
        published_at=timezone.now() + timedelta(hours=5) if state == "scheduled" else None,
    )
    client.force_login(make_user(role))
    response = client.get(preview_url(story))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budget vote moved to Thursday" in html
    assert "Preview: readers cannot see this story" in html
    assert "Fund the council desk" in html  # the appeal readers will get
    assert 'data-beacon="' not in html  # but previews are not counted as appeal views
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "no-cache" in cache_control
    assert "max-age=0" in cache_control and "private" in cache_control


def test_scheduled_preview_names_its_time(client, scheduled):
    client.force_login(make_user("editor"))
    html = client.get(preview_url(scheduled)).content.decode()
    local = timezone.localtime(scheduled.published_at)
    assert f"scheduled for {local:%-d %B %Y, %H:%M}" in html
    assert "We need another day." in html


def test_the_dated_address_is_a_preview_too_for_staff(client, scheduled):
    client.force_login(make_user("journalist"))
    response = client.get(scheduled.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_live_story_sends_the_preview_to_its_public_page(client):
    story = make_article()
    client.force_login(make_user("editor"))
    response = client.get(preview_url(story))
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    public = client.get(story.get_absolute_url())
    assert "X-Robots-Tag" not in public and "Preview:" not in public.content.decode()


def test_readers_are_sent_to_log_in_and_learn_nothing(client, scheduled):
    response = client.get(preview_url(scheduled))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_fundraisers_and_non_staff_cannot_preview(client, scheduled):
    client.force_login(make_user("fundraiser"))
    assert client.get(preview_url(scheduled)).status_code == 403
    client.force_login(make_user(None))
    assert client.get(preview_url(scheduled)).status_code == 302


def test_unknown_story_is_404(client):
    client.force_login(make_user("editor"))
    assert client.get(reverse("articles:preview", args=[987654])).status_code == 404


def test_a_crawler_sent_to_a_preview_is_sent_to_the_sign_in(client, scheduled):
    response = client.get(preview_url(scheduled))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_story_form_offers_preview_until_the_story_is_live(client, scheduled):
    client.force_login(make_user("editor"))
    form = client.get(reverse("admin:articles_article_change", args=[scheduled.pk]))
    assert preview_url(scheduled) in form.content.decode()
    Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
    form = client.get(reverse("admin:articles_article_change", args=[scheduled.pk]))
    assert preview_url(scheduled) not in form.content.decode()
