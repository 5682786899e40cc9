"""`manage.py check_schedule`: fails when a story should be live and is not; publishes nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def check(*args):
    out = StringIO()
    call_command("check_schedule", *args, stdout=out)
    return out.getvalue()


def late_story(minutes, **overrides):
    fields = {
        "headline": "Mayor's budget",
        "status": Article.Status.IN_REVIEW,
        "published_at": timezone.now() - timedelta(minutes=minutes),
    }
    fields.update(overrides)
    return make_article(**fields)


def test_on_time_stories_pass():
    make_article(headline="Tram line opens", published_at=timezone.now() + timedelta(hours=3))
    make_article(headline="Went live", published_at=timezone.now() - timedelta(hours=1))
    make_article(headline="Undated draft", status=Article.Status.DRAFT, published_at=None)

    output = check()

    assert "Scheduled: 1; next “Tram line opens”" in output
    assert "(in 2 h 59 min)" in output or "(in 3 h)" in output
    assert "Live in the last 24 hours: 1." in output
    assert "Nothing late." in output


def test_a_story_still_in_review_after_its_time_fails(public_site):
    story = late_story(20)

    with pytest.raises(CommandError) as failure:
        check()

    message = str(failure.value)
    assert message.startswith("1 story should be live but is not visible")
    assert "“Mayor's budget” (In review)" in message
    assert "20 min late" in message
    assert f"{public_site}/admin/articles/article/{story.pk}/change/" in message
    assert f"{public_site}/admin/articles/article/schedule/" in message


def test_a_late_draft_fails_too():
    late_story(5, headline="Harbour report", status=Article.Status.DRAFT)

    with pytest.raises(CommandError, match="“Harbour report” \\(Draft\\)"):
        check()


def test_grace_leaves_a_story_a_few_minutes_late_alone():
    late_story(5)

    assert "Nothing late." in check("--grace", "10")
    with pytest.raises(CommandError):
        check("--grace", "2")


def test_it_publishes_nothing():
    story = late_story(20)

    with pytest.raises(CommandError):
        check()

    story.refresh_from_db()
    assert story.status == Article.Status.IN_REVIEW
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_silent_for_cron_when_nothing_is_late():
    make_article(published_at=timezone.now() + timedelta(hours=1))

    assert check("--verbosity", "0") == ""
