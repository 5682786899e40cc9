"""`manage.py prune_revisions`: old revisions go, the newest and the recent ones stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles import revisions
from articles.models import Revision
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def save_days_ago(article, days, by=None):
    """Edit the story, keep a revision, and date that revision `days` ago."""
    article.headline = f"{article.headline.split(' (')[0]} ({days} days ago)"
    article.save()
    revision = revisions.record(article=article, by=by)
    Revision.objects.filter(pk=revision.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return revision.number


def prune(*args):
    out = StringIO()
    call_command("prune_revisions", *args, stdout=out)
    return out.getvalue()


def numbers(article):
    return sorted(Revision.objects.filter(article=article).values_list("number", flat=True))


@pytest.fixture
def story():
    """Revisions 1–6, saved 400, 300, 200, 100, 20 and 2 days ago."""
    article = make_article(headline="Bridge reopens")
    for days in (400, 300, 200, 100, 20, 2):
        save_days_ago(article, days)
    assert numbers(article) == [1, 2, 3, 4, 5, 6]
    return article


def test_keeps_the_newest_n_and_the_recent_ones(story):
    output = prune("--keep", "2", "--older-than", "90")

    # 6 and 5 are the newest two; 4 (100 days) is older than 90 days and beyond the two.
    assert numbers(story) == [5, 6]
    assert f"Removing 4 revision(s) of story {story.pk} ('Bridge reopens (2 days ago)'): 1–4" in (
        output
    )
    assert "Removed 4 revision(s) of 1 story" in output


def test_recent_revisions_stay_beyond_the_count(story):
    prune("--keep", "1", "--older-than", "30")

    assert numbers(story) == [5, 6]


def test_the_newest_revision_stays_however_old():
    article = make_article()
    for days in (900, 800, 700):
        save_days_ago(article, days)

    prune("--keep", "1", "--older-than", "0")

    assert numbers(article) == [3]


def test_numbering_continues_after_pruning(story):
    editor = make_user("editor")
    prune("--keep", "1", "--older-than", "0")

    story.headline = "Bridge reopens, with tolls"
    story.save()
    revision = revisions.record(article=story, by=editor)

    assert revision.number == 7
    assert numbers(story) == [6, 7]


def test_each_story_is_counted_on_its_own(story):
    short = make_article(headline="Council meets")
    for days in (500, 400):
        save_days_ago(short, days)

    output = prune("--keep", "2", "--older-than", "90")

    assert numbers(short) == [1, 2]
    assert numbers(story) == [5, 6]
    assert "Council meets" not in output


def test_dry_run_removes_nothing(story):
    output = prune("--keep", "2", "--older-than", "90", "--dry-run")

    assert numbers(story) == [1, 2, 3, 4, 5, 6]
    assert f"Would remove 4 revision(s) of story {story.pk}" in output
    assert "Dry run: would remove 4 revision(s) of 1 story" in output


def test_running_again_removes_nothing_more(story):
    prune("--keep", "2", "--older-than", "90")

    output = prune("--keep", "2", "--older-than", "90")

    assert numbers(story) == [5, 6]
    assert "Removed 0 revision(s) of 0 stories" in output


def test_gaps_are_listed_as_ranges(story):
    # Revision 3 already gone: what remains to remove is 1–2 and 4.
    Revision.objects.filter(article=story, number=3).delete()

    output = prune("--keep", "2", "--older-than", "90")

    assert ": 1–2, 4\n" in output


@pytest.mark.parametrize(
    "args", [["--keep", "0", "--older-than", "30"], ["--keep", "2", "--older-than", "-1"]]
)
def test_refuses_a_policy_that_would_remove_the_newest(story, args):
    with pytest.raises(CommandError):
        prune(*args)

    assert numbers(story) == [1, 2, 3, 4, 5, 6]
