"""The publishing schedule in the admin: late stories flagged, what is due, what waits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, StatusChange
from tests.factories import add_byline, make_article, make_person, make_section, make_user

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/schedule/"


def page(client, role="editor"):
    client.force_login(make_user(role))
    return client.get(URL)


def section_of(html, heading):
    """The part of the page under one heading, up to the next section."""
    start = html.index(heading)
    end = html.find("<section", start)
    return html[start : end if end != -1 else None]


def test_url_name():
    assert reverse("admin:articles_article_schedule") == URL


def test_late_story_is_flagged_and_on_time_ones_are_listed(client):
    now = timezone.now()
    late = make_article(
        headline="Mayor's budget, still in review",
        status=Article.Status.IN_REVIEW,
        published_at=now - timedelta(minutes=20),
    )
    soon = make_article(headline="Tram line opens", published_at=now + timedelta(hours=2))
    make_article(headline="Far future story", published_at=now + timedelta(days=9))
    make_article(headline="Just went live", published_at=now - timedelta(hours=3))
    make_article(headline="Last week's story", published_at=now - timedelta(days=7))
    waiting = make_article(
        headline="Harbour report", status=Article.Status.IN_REVIEW, published_at=None
    )
    make_article(headline="Pulled story", status=Article.Status.UNPUBLISHED)
    StatusChange.objects.create(
        article=soon,
        from_status="review",
        to_status="published",
        published_at=soon.published_at,
        changed_by=make_user("editor", first_name="Rina", last_name="Cohen"),
        note="Embargo lifts at noon.",
    )

    html = page(client).content.decode()

    late_part = section_of(html, "Should be live but is not visible (1)")
    assert late.headline.replace("'", "&#x27;") in late_part
    assert "Still in review: readers cannot see it." in late_part
    scheduled = section_of(html, "Scheduled (2)")
    assert scheduled.index("Tram line opens") < scheduled.index("Far future story")
    assert "Rina Cohen" in scheduled and "Embargo lifts at noon." in scheduled
    assert "in 1\xa0hour" in scheduled or "in 2\xa0hours" in scheduled
    review = section_of(html, "Waiting for review (2)")
    assert waiting.headline in review and "Mayor" in review
    recent = section_of(html, "Published in the last 24 hours (1)")
    assert "Just went live" in recent and "Live on the site" in recent
    for absent in ("Last week's story", "Pulled story"):
        assert absent.replace("'", "&#x27;") not in html


def test_nothing_late_says_so(client):
    make_article(published_at=timezone.now() + timedelta(hours=1))
    html = page(client).content.decode()
    assert "Nothing is late" in html and "Should be live but is not visible (0)" in html


@pytest.mark.parametrize(("role", "status"), [
    ("journalist", 200), ("editor", 200), ("fundraiser", 403), ("superuser", 200),
])  # fmt: skip
def test_who_sees_the_schedule(client, role, status):
    assert page(client, role).status_code == status


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_index_links_to_the_schedule(client):
    client.force_login(make_user("journalist"))
    assert URL in client.get(reverse("admin:index")).content.decode()


def fill(count):
    now = timezone.now()
    section = make_section()
    for n in range(count):
        for status, when in [
            ("published", now + timedelta(hours=n + 1)),
            ("published", now - timedelta(hours=n + 1)),
            ("review", None),
            ("draft", now - timedelta(minutes=n + 1)),
        ]:
            story = make_article(status=status, published_at=when, section=section)
            add_byline(story, make_person())
            add_byline(story, make_person())
            StatusChange.objects.create(article=story, to_status=status, changed_by=None)


@pytest.mark.parametrize("count", [2, 8])
def test_query_count_does_not_grow_with_the_schedule(client, count, django_assert_max_num_queries):
    fill(count)
    client.force_login(make_user("editor"))
    with django_assert_max_num_queries(8):  # with the changes waiting
        response = client.get(URL)
    assert response.content.decode().count("Live on the site") == count
