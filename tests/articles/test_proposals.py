"""Changes proposed to a published story: they wait for an editor, who compares them with
the live story and publishes them or sends them back. Readers see only what is published."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Revision, StatusChange
from tests.articles.admin_data import change_post, change_url
from tests.factories import add_byline, login, make_article, make_person, make_user

pytestmark = pytest.mark.django_db

OLD = "<p>The ferry runs twice a day.</p>"
NEW = "<p>The ferry runs four times a day.</p>"


@pytest.fixture
def writer():
    return make_user("journalist")


@pytest.fixture
def story(writer):
    story = make_article(created_by=writer, headline="Ferry back on the river", body=OLD)
    story.tags.add("Transport")
    add_byline(story)
    return story


@pytest.fixture
def writer_client(writer):
    """The writer's own browser (the `client` fixture is the editor's in some tests)."""
    client = Client()
    client.force_login(writer)
    return client


def reader_sees(story):
    """The story's page as a reader without a session gets it (from the page cache too)."""
    return Client().get(story.get_absolute_url()).content.decode()


def propose(client, story, note="Two more crossings from Monday.", **fields):
    return client.post(
        change_url(story), change_post(story, body=NEW, workflow_note=note, **fields)
    )


def review_url(story):
    return reverse("admin:articles_article_proposal", args=[story.pk])


def test_journalist_proposes_changes_readers_keep_the_live_story(client, writer, story):
    assert "twice a day" in reader_sees(story)  # and now it is in the page cache
    client.force_login(writer)
    form = client.get(change_url(story)).content.decode()
    assert 'value="Propose these changes"' in form
    assert "Save and add another" not in form

    response = propose(client, story, tags="Transport, Rivers")

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == OLD
    assert set(story.tags.names()) == {"Transport"}
    assert "twice a day" in reader_sees(story)
    proposal = Revision.objects.waiting().get(article=story)
    assert proposal.created_by == writer
    assert proposal.note == "Two more crossings from Monday."
    assert proposal.data["body"] == NEW
    assert proposal.data["tags"] == ["Rivers", "Transport"]
    assert len(proposal.data["bylines"]) == 1
    # Their form now says the changes wait, and is read-only until an editor decides.
    page = client.get(change_url(story)).content.decode()
    assert "Changes wait for an editor" in page
    assert 'name="body"' not in page
    # The story's history says so.
    step = StatusChange.objects.filter(article=story).latest("changed_at")
    assert step.note.startswith("Proposed changes (revision")


def test_schedule_lists_changes_waiting(editor_client, story, writer_client):
    propose(writer_client, story)

    page = editor_client.get(reverse("admin:articles_article_schedule")).content.decode()

    assert "Changes waiting (1)" in page
    assert f'href="{review_url(story)}">Ferry back on the river</a>' in page
    assert "Two more crossings from Monday." in page


def test_editor_sees_the_difference_and_publishes(editor_client, story, writer_client):
    assert "twice a day" in reader_sees(story)
    propose(writer_client, story, tags="Transport, Rivers")

    page = editor_client.get(review_url(story)).content.decode()
    assert "<del>twice</del>" in page
    assert "<ins>four times</ins>" in page
    assert "<ins>Rivers</ins>" in page
    assert 'value="Publish these changes"' in page

    response = editor_client.post(review_url(story), {"note": "Checked with the port."})

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == NEW
    assert set(story.tags.names()) == {"Transport", "Rivers"}
    assert story.status == Article.Status.PUBLISHED
    assert story.modified_at > story.published_at  # readers see "Updated"
    page = reader_sees(story)
    assert "four times a day" in page
    assert "twice a day" not in page
    proposal = Revision.objects.get(proposal=Revision.Proposal.PUBLISHED)
    assert proposal.decision_note == "Checked with the port."
    assert not Revision.objects.waiting().exists()
    assert Revision.objects.kept().filter(article=story).first().data["body"] == NEW


def test_editor_sends_the_changes_back(editor_client, story, writer_client):
    propose(writer_client, story)

    response = editor_client.post(
        review_url(story), {"send_back": "1", "note": "The port has not confirmed it."}
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == OLD
    assert "twice a day" in reader_sees(story)
    proposal = Revision.objects.get(article=story, proposal=Revision.Proposal.SENT_BACK)
    assert proposal.decision_note == "The port has not confirmed it."
    step = StatusChange.objects.filter(article=story).latest("changed_at")
    assert step.note.endswith("The port has not confirmed it.")
    # The writer may propose again.
    assert 'name="body"' in writer_client.get(change_url(story)).content.decode()


def test_editor_asks_for_a_second_pair_of_eyes(editor_client, story):
    response = propose(editor_client, story, propose_changes="on")

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == OLD
    assert Revision.objects.waiting().get(article=story).data["body"] == NEW


def test_editor_saves_a_live_story_directly_without_the_box(editor_client, story):
    assert propose(editor_client, story).status_code == 302
    story.refresh_from_db()
    assert story.body == NEW
    assert not Revision.objects.waiting().exists()


def test_proposals_carry_content_not_status(editor_client, story):
    response = propose(editor_client, story, propose_changes="on", status="unpublished")
    assert response.status_code == 200
    assert "cannot change the status" in response.content.decode()
    assert not Revision.objects.waiting().exists()


def test_one_set_of_changes_waits_at_a_time(editor_client, story, writer_client):
    propose(writer_client, story)
    # The writer's form is read-only meanwhile; an editor proposing is refused.
    assert propose(writer_client, story, note="More").status_code == 403
    response = propose(editor_client, story, propose_changes="on", note="Mine")
    assert "already wait for an editor" in response.content.decode()
    assert Revision.objects.waiting().count() == 1


def test_a_later_save_compares_with_the_live_story_not_the_proposal(
    editor_client, story, writer_client
):
    propose(writer_client, story)
    # An editor's ordinary save meanwhile is no edit conflict and keeps its own revision.
    response = editor_client.post(change_url(story), change_post(story, headline="Ferry is back"))
    assert response.status_code == 302
    assert Revision.objects.kept().filter(article=story).first().data["headline"] == (
        "Ferry is back"
    )


def test_read_only_story_shows_its_body_not_its_source(client, story):
    login(client, "journalist")  # not theirs: read-only
    page = client.get(change_url(story)).content.decode()
    assert OLD in page
    assert "&lt;p&gt;" not in page


def test_writer_proposes_a_new_byline(story, editor_client, writer_client):
    person = make_person(name="Ana Costa")
    response = writer_client.post(
        change_url(story),
        change_post(story, add_bylines=[{"person": person.pk, "role": "author"}]),
    )
    assert response.status_code == 302
    assert story.bylines.count() == 1
    editor_client.post(review_url(story), {})
    assert story.bylines.count() == 2


# Who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status", "waits"),
    [
        ("anonymous", 302, False),
        ("journalist", 302, True),  # the writer
        ("colleague", 403, False),  # another journalist
        ("editor", 302, False),  # saves directly unless they tick the box
        ("fundraiser", 403, False),
        ("superuser", 302, False),
    ],
)
def test_who_may_propose(client, writer, story, role, status, waits):
    if role == "journalist":
        client.force_login(writer)
    else:
        login(client, "journalist" if role == "colleague" else role)
    response = propose(client, story)
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith(reverse("admin:login"))
    assert Revision.objects.waiting().exists() == waits


@pytest.mark.parametrize(
    ("role", "sees", "decides"),
    [
        ("anonymous", 302, 302),
        ("journalist", 200, 403),  # the writer reads it, does not publish it
        ("colleague", 200, 403),
        ("editor", 200, 302),
        ("fundraiser", 403, 403),
        ("superuser", 200, 302),
    ],
)
def test_who_may_review_and_decide(client, writer, story, role, sees, decides):
    writer_client = Client()
    writer_client.force_login(writer)
    propose(writer_client, story)
    if role == "journalist":
        client.force_login(writer)
    else:
        login(client, "journalist" if role == "colleague" else role)

    assert client.get(review_url(story)).status_code == sees
    assert client.post(review_url(story), {}).status_code == decides

    story.refresh_from_db()
    published = decides == 302 and role != "anonymous"
    assert story.body == (NEW if published else OLD)
    assert Revision.objects.waiting().exists() != published
