"""Related stories kept per story (articles/related.py): worked out again on the task engine
when a story that could be related is published, unpublished or re-linked, and never
showing a story readers cannot see."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles import related
from articles.models import Article, RelatedStory, StoryPage
from tests.articles.admin_data import change_post
from tests.factories import login, make_article, make_person, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_every_time")]


@pytest.fixture
def world():
    section = make_section()
    person = make_person(name="Maya Stern")
    story = make_article(headline="The story", section=section)
    story.people.add(person)
    older = make_article(
        headline="Older, same person", published_at=timezone.now() - timedelta(days=3)
    )
    older.people.add(person)
    make_article(headline="Same section", section=section)
    make_article(headline="Unrelated")
    return {"story": story, "person": person, "section": section}


def headlines(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return [article.headline for article in response.context["related"]]


def test_the_kept_list_is_the_list_worked_out_on_the_page(client, world, run_tasks):
    worked_out = headlines(client, world["story"])
    assert worked_out == ["Older, same person", "Same section"]
    run_tasks()
    assert StoryPage.objects.get(pk=world["story"].pk).related_at is not None
    assert headlines(client, world["story"]) == worked_out


def test_a_story_published_in_the_admin_enters_the_lists_it_shares_links_with(
    client, world, run_tasks
):
    run_tasks()
    draft = make_article(
        headline="New, same person", status=Article.Status.DRAFT, published_at=None
    )
    draft.people.add(world["person"])
    run_tasks()
    assert "New, same person" not in headlines(client, world["story"])

    login(client, "editor")
    now = timezone.localtime()
    response = client.post(
        reverse("admin:articles_article_change", args=[draft.pk]),
        change_post(
            draft,
            status="published",
            published_at_0=now.strftime("%Y-%m-%d"),
            published_at_1=(now - timedelta(minutes=1)).strftime("%H:%M:%S"),
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    run_tasks()
    assert headlines(client, world["story"])[:2] == ["New, same person", "Older, same person"]


def test_an_unpublished_story_leaves_every_list_at_once(client, world, run_tasks):
    run_tasks()
    older = Article.objects.get(headline="Older, same person")
    login(client, "editor")
    response = client.post(
        reverse("admin:articles_article_change", args=[older.pk]),
        change_post(older, status="unpublished"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    # Before the task: the page shows only live stories of its kept list.
    assert "Older, same person" not in headlines(client, world["story"])
    run_tasks()
    assert not RelatedStory.objects.filter(related=older).exists()
    assert headlines(client, world["story"]) == ["Same section"]


def test_a_story_re_linked_leaves_the_lists_it_no_longer_shares(client, world, run_tasks):
    run_tasks()
    older = Article.objects.get(headline="Older, same person")
    older.people.remove(world["person"])
    run_tasks()
    assert not RelatedStory.objects.filter(article=world["story"], related=older).exists()
    assert "Older, same person" not in headlines(client, world["story"])


def test_a_scheduled_story_appears_at_its_time_without_a_task(client, world, run_tasks):
    soon = make_article(headline="Scheduled", published_at=timezone.now() + timedelta(hours=1))
    soon.people.add(world["person"])
    run_tasks()
    assert "Scheduled" not in headlines(client, world["story"])
    Article.objects.filter(pk=soon.pk).update(published_at=timezone.now())  # its time comes
    assert headlines(client, world["story"])[0] == "Scheduled"


def test_a_deleted_story_leaves_every_list(client, world, run_tasks):
    run_tasks()
    Article.objects.get(headline="Older, same person").delete()
    run_tasks()
    assert headlines(client, world["story"]) == ["Same section"]


def test_lists_are_worked_out_in_bulk_by_the_command(world, capsys):
    call_command("keep_story_pages", "--only", "related")
    lists = related.Scorer().lists([world["story"].pk])
    kept = RelatedStory.objects.filter(article=world["story"]).values_list("related", "score")
    assert list(kept) == lists[world["story"].pk]
    assert "related lists: 4 done" in capsys.readouterr().out


def test_scheduled_stories_never_crowd_live_ones_out_of_the_list(
    client, world, run_tasks, monkeypatch
):
    monkeypatch.setattr(related, "KEEP", 2)
    later = timezone.now() + timedelta(hours=1)
    for n in range(3):
        make_article(headline=f"Scheduled {n}", published_at=later).people.add(world["person"])
    also = make_article(headline="Also live", published_at=timezone.now() - timedelta(days=5))
    also.people.add(world["person"])
    run_tasks()
    kept = RelatedStory.objects.filter(article=world["story"])
    assert kept.count() == 5  # three scheduled, then two live
    assert headlines(client, world["story"])[:2] == ["Older, same person", "Also live"]
