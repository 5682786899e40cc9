"""Every step of a story through the workflow, for each role, through admin POSTs.

Journalists start stories and move their own between draft and review; editors publish,
schedule, unpublish and send back. Each refused step leaves the story as it was; each
allowed one is logged with who and when.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Revision, StatusChange
from tests.articles.admin_data import article_post, change_post
from tests.factories import add_byline, make_article, make_person, make_user

pytestmark = pytest.mark.django_db

S = Article.Status
FUTURE = "2999-01-01"

# Where a story starts: field overrides for make_article.
START = {
    "draft": {"status": S.DRAFT, "published_at": None},
    "review": {"status": S.IN_REVIEW, "published_at": None},
    "live": {"status": S.PUBLISHED},
    "scheduled": {"status": S.PUBLISHED, "published_at": timezone.now() + timedelta(days=3)},
    "unpublished": {"status": S.UNPUBLISHED},
}
# Where a step takes it: the form's status and publication time.
TARGET = {
    "draft": {"status": "draft"},
    "review": {"status": "review"},
    "publish now": {"status": "published", "published_at_0": "", "published_at_1": ""},
    "schedule": {"status": "published", "published_at_0": FUTURE, "published_at_1": "09:00"},
    "unpublish": {"status": "unpublished"},
}
EXPECTED_STATUS = {
    "draft": S.DRAFT,
    "review": S.IN_REVIEW,
    "publish now": S.PUBLISHED,
    "schedule": S.PUBLISHED,
    "unpublish": S.UNPUBLISHED,
}


def story_post(article, target):
    return change_post(article, **TARGET[target])


def step(client, article, target):
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, story_post(article, target))


def unchanged(article):
    before = (article.status, article.published_at)
    article.refresh_from_db()
    return (article.status, article.published_at) == before


@pytest.mark.parametrize("start", list(START))
@pytest.mark.parametrize("target", list(TARGET))
def test_editor_may_take_any_story_anywhere(client, start, target):
    editor = make_user("editor", first_name="Rina", last_name="Cohen")
    client.force_login(editor)
    article = make_article(**START[start])
    was = article.status

    response = step(client, article, target)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == EXPECTED_STATUS[target]
    if target == "schedule":
        assert article in Article.objects.scheduled()
    if target == "publish now":
        assert article.is_live or start == "scheduled"  # keeps its set time
    logged = StatusChange.objects.filter(article=article).first()
    if article.status != was or target == "schedule":
        assert (logged.from_status, logged.to_status, logged.changed_by) == (
            was,
            article.status,
            editor,
        )
        assert timezone.now() - logged.changed_at < timedelta(seconds=10)


JOURNALIST_ALLOWED = {("draft", "draft"), ("draft", "review"), ("review", "review")}
JOURNALIST_ALLOWED |= {("review", "draft")}


@pytest.mark.parametrize("start", ["draft", "review"])
@pytest.mark.parametrize("target", list(TARGET))
def test_journalist_moves_their_own_story_between_draft_and_review_only(client, start, target):
    journalist = make_user("journalist")
    client.force_login(journalist)
    article = make_article(created_by=journalist, **START[start])

    response = step(client, article, target)

    if (start, target) in JOURNALIST_ALLOWED:
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == EXPECTED_STATUS[target]
    else:
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert unchanged(article)
        assert not StatusChange.objects.filter(article=article).exists()
        assert article not in Article.objects.published()


@pytest.mark.parametrize("start", ["live", "scheduled", "unpublished"])
@pytest.mark.parametrize("target", list(TARGET))
def test_journalist_cannot_move_their_story_once_an_editor_has_it(client, start, target):
    journalist = make_user("journalist")
    client.force_login(journalist)
    article = make_article(created_by=journalist, **START[start])
    response = step(client, article, target)
    if start == "unpublished":
        assert response.status_code == 403
    elif EXPECTED_STATUS[target] != S.PUBLISHED:
        # A published story takes proposed changes (tests/articles/test_proposals.py), but
        # never a new status from a journalist: the form refuses.
        assert response.status_code == 200
        assert response.context["adminform"].form.errors
    else:
        # The time is read-only to them: the form goes through with nothing to propose.
        assert response.status_code == 302
    assert not Revision.objects.waiting().exists()
    assert unchanged(article)


@pytest.mark.parametrize("start", ["draft", "review"])
@pytest.mark.parametrize("target", ["draft", "review"])
def test_journalist_cannot_edit_a_colleagues_draft(client, start, target):
    client.force_login(make_user("journalist"))
    article = make_article(created_by=make_user("journalist"), **START[start])
    assert step(client, article, target).status_code == 403
    assert unchanged(article)
    # They can still read it.
    url = reverse("admin:articles_article_change", args=[article.pk])
    html = client.get(url).content.decode()
    assert 'name="headline"' not in html and article.headline in html


def test_a_journalist_credited_on_a_draft_may_edit_it(client):
    journalist = make_user("journalist")
    client.force_login(journalist)
    article = make_article(**START["draft"])
    add_byline(article, make_person(user=journalist))
    assert step(client, article, "review").status_code == 302
    article.refresh_from_db()
    assert article.status == S.IN_REVIEW


@pytest.mark.parametrize(("role", "target", "allowed"), [
    ("journalist", "draft", True),
    ("journalist", "review", True),
    ("journalist", "publish now", False),
    ("journalist", "unpublish", False),
    ("editor", "publish now", True),
    ("editor", "schedule", True),
])  # fmt: skip
def test_new_story_starts_where_the_role_allows(client, role, target, allowed):
    user = make_user(role)
    client.force_login(user)
    data = article_post(**TARGET[target])
    response = client.post(reverse("admin:articles_article_add"), data)
    if allowed:
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.status == EXPECTED_STATUS[target] and article.created_by == user
        logged = article.status_changes.get()
        assert (logged.from_status, logged.to_status, logged.changed_by) == (
            "",
            article.status,
            user,
        )
    else:
        assert response.status_code == 200
        assert not Article.objects.exists()
        assert "Council votes to reopen the river ferry" in response.content.decode()


def test_steps_and_notes_show_in_the_history_on_the_form(client):
    journalist = make_user("journalist", first_name="Ana", last_name="Ruiz")
    editor = make_user("editor", first_name="Rina", last_name="Cohen")
    article = make_article(created_by=journalist, **START["draft"])

    client.force_login(journalist)
    data = story_post(article, "review") | {"workflow_note": "Check the ferry figures."}
    assert (
        client.post(reverse("admin:articles_article_change", args=[article.pk]), data).status_code
        == 302
    )
    client.force_login(editor)
    article.refresh_from_db()
    assert step(client, article, "schedule").status_code == 302

    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Workflow history" in html
    assert "Sent for review" in html and "Ana Ruiz" in html and "Check the ferry figures." in html
    assert "Scheduled" in html and "Rina Cohen" in html and "1 Jan 2999, 09:00" in html
    assert list(article.status_changes.values_list("to_status", flat=True)) == [
        "published",
        "review",
    ]


def test_saving_without_a_step_logs_nothing_but_a_note_is_kept(client):
    editor = make_user("editor")
    client.force_login(editor)
    article = make_article(**START["live"])
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.post(url, story_post(article, "publish now") | {
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
    }).status_code == 302  # fmt: skip
    assert not article.status_changes.exists()
    data = story_post(article, "publish now") | {
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        "workflow_note": "Lawyers cleared the second paragraph.",
    }
    assert client.post(url, data).status_code == 302
    note = article.status_changes.get()
    assert note.note == "Lawyers cleared the second paragraph."
    assert note.from_status == note.to_status == S.PUBLISHED
