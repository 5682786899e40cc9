"""No lost work: saving over someone else's later save warns and shows what they changed."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from articles import revisions
from articles.models import Article
from tests.articles.admin_data import change_post as story_post
from tests.articles.admin_data import change_url
from tests.factories import make_article, make_person, make_user

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def open_form(client, article):
    """GET the change form; return the base it carries, as the browser would send it back."""
    page = client.get(change_url(article)).content.decode()
    match = re.search(r'<input type="hidden" name="edit_base" value="([^"]+)"', page)
    assert match, "the change form carries no edit_base"
    return html.unescape(match.group(1))


@pytest.fixture
def dana():
    return make_user("editor", first_name="Dana", last_name="Levi")


@pytest.fixture
def omer():
    return make_user("editor", first_name="Omer", last_name="Katz")


@pytest.fixture
def story(dana):
    article = make_article(
        headline="Council votes to reopen the ferry", body="<p>The vote was 7 to 2.</p>"
    )
    revisions.record(article=article, by=dana)
    return article


def test_the_second_save_warns_and_keeps_both_versions(dana, omer, story):
    first, second = logged_in(dana), logged_in(omer)
    dana_base, omer_base = open_form(first, story), open_form(second, story)

    saved = first.post(
        change_url(story),
        story_post(story, edit_base=dana_base, headline="Council votes to restart the ferry"),
    )
    assert saved.status_code == 302

    response = second.post(
        change_url(story),
        story_post(story, edit_base=omer_base, body="<p>The vote was 8 to 1.</p>"),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [error.code for error in form.errors.as_data()["__all__"]] == ["edited_elsewhere"]
    page = response.content.decode()
    assert "Dana Levi saved this story at " in page
    assert "Your version is below, unsaved; what they changed is listed above." in page
    assert [change.name for change in form.edit_conflict.changes] == ["headline"]
    assert "<del>reopen</del> <ins>restart</ins>" in page
    # The form holds Omer's text, the database Dana's.
    assert form["body"].value() == "<p>The vote was 8 to 1.</p>"
    story.refresh_from_db()
    assert story.headline == "Council votes to restart the ferry"
    assert story.body == "<p>The vote was 7 to 2.</p>"
    assert story.revisions.count() == 2

    # Saving again replaces Dana's version with Omer's, knowingly.
    new_base = form["edit_base"].value()
    assert f'value="{html.escape(new_base)}"' in page
    again = second.post(
        change_url(story),
        story_post(
            story,
            edit_base=new_base,
            headline="Council votes to reopen the ferry",
            body="<p>The vote was 8 to 1.</p>",
        ),
    )
    assert again.status_code == 302
    story.refresh_from_db()
    assert story.body == "<p>The vote was 8 to 1.</p>"
    assert story.revisions.first().created_by == omer


def test_inline_changes_count_as_changes(dana, omer, story):
    first, second = logged_in(dana), logged_in(omer)
    dana_base, omer_base = open_form(first, story), open_form(second, story)
    person = make_person(name="Ruth Ziv")
    first.post(
        change_url(story),
        story_post(
            story,
            edit_base=dana_base,
            add_quotes=[{"speaker": person.pk, "text": "We sail in May.", "context": ""}],
        ),
    )
    response = second.post(change_url(story), story_post(story, edit_base=omer_base))
    assert response.status_code == 200
    assert "<ins>Ruth Ziv: “We sail in May.”</ins>" in response.content.decode()


def test_a_save_that_changed_nothing_is_no_conflict(dana, omer, story):
    first, second = logged_in(dana), logged_in(omer)
    dana_base, omer_base = open_form(first, story), open_form(second, story)
    assert first.post(change_url(story), story_post(story, edit_base=dana_base)).status_code == 302
    assert Article.objects.get(pk=story.pk).updated_at != story.updated_at

    response = second.post(change_url(story), story_post(story, edit_base=omer_base, dek="New"))
    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).dek == "New"


def test_the_same_user_in_two_windows_is_told_so(dana, story):
    one, two = logged_in(dana), logged_in(dana)
    base_one, base_two = open_form(one, story), open_form(two, story)
    one.post(change_url(story), story_post(story, edit_base=base_one, headline="From window one"))
    response = two.post(change_url(story), story_post(story, edit_base=base_two, dek="Two"))
    assert response.status_code == 200
    assert "You (in another window) saved this story at" in response.content.decode()


def test_a_change_made_outside_the_form_still_warns(dana, story):
    client = logged_in(dana)
    base = open_form(client, story)
    Article.objects.get(pk=story.pk).save()  # moves updated_at, content as before
    Article.objects.filter(pk=story.pk).update(headline="Changed by a script")
    response = client.post(change_url(story), story_post(story, edit_base=base, dek="Mine"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone saved this story at" in page
    assert "<del>Council votes to reopen the ferry</del>" in page


def test_a_form_without_a_base_is_not_checked(dana, story):
    """Scripts and forms opened before the check existed send none: they save as before."""
    client = logged_in(dana)
    Article.objects.get(pk=story.pk).save()
    response = client.post(change_url(story), story_post(story, dek="No base sent"))
    assert response.status_code == 302


def test_a_garbled_base_is_a_clear_error_then_saves(dana, story):
    client = logged_in(dana)
    response = client.post(
        change_url(story), story_post(story, edit_base="yesterday|x", dek="Mine")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors.as_data()["__all__"][0].code == "edit_base_invalid"
    page = response.content.decode()
    assert "did not say which version of the story you started from" in page
    assert "This story was saved after you opened it" not in page
    assert Article.objects.get(pk=story.pk).dek != "Mine"
    again = client.post(
        change_url(story), story_post(story, edit_base=form["edit_base"].value(), dek="Mine")
    )
    assert again.status_code == 302
    assert Article.objects.get(pk=story.pk).dek == "Mine"


def test_a_new_story_has_no_check(dana):
    client = logged_in(dana)
    page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="edit_base"' not in page


def test_a_journalist_gets_the_warning_too(dana, story):
    journalist = make_user("journalist")
    draft = make_article(status=Article.Status.DRAFT, published_at=None, headline="Draft")
    Article.objects.filter(pk=draft.pk).update(created_by=journalist)
    revisions.record(article=draft, by=journalist)
    mine, desk = logged_in(journalist), logged_in(dana)
    my_base, desk_base = open_form(mine, draft), open_form(desk, draft)
    desk.post(change_url(draft), story_post(draft, edit_base=desk_base, headline="Desk draft"))
    response = mine.post(change_url(draft), story_post(draft, edit_base=my_base, dek="Mine"))
    assert response.status_code == 200
    assert "Dana Levi saved this story at" in response.content.decode()


def test_a_new_revision_alone_also_warns(dana, omer, story):
    """Related rows can change without the story's row being saved; the revision tells."""
    client = logged_in(omer)
    base = open_form(client, story)
    story.people.add(make_person(name="Ruth Ziv"))
    revisions.record(article=story, by=dana, summary="Linked a person")
    response = client.post(change_url(story), story_post(story, edit_base=base, dek="Mine"))
    assert response.status_code == 200
    assert "<ins>Ruth Ziv</ins>" in response.content.decode()
    assert "Dana Levi saved this story" in response.content.decode()
