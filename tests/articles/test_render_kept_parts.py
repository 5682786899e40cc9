"""A story's page parts rendered once and kept (articles/story_parts.py): the page is the
same byte for byte, and a change to anything the parts show is on the page at once, before
the task renders them again."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, StoryPage
from tests.articles.admin_data import change_post
from tests.articles.record_factories import add_role, make_organisation
from tests.factories import (
    add_byline,
    add_correction,
    add_quote,
    login,
    make_article,
    make_campaign,
    make_image,
    make_person,
    make_place,
    make_section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("render_every_time")]


@pytest.fixture
def story():
    """A story that shows one of everything the parts hold."""
    section = make_section(name="World")
    article = make_article(
        headline="General lands at desert air base",
        dek="A second visit in a year.",
        body="<p>The plane touched down at dawn.</p>",
        section=section,
        dateline=make_place(name="Nevatim", parent=make_place(name="Israel")),
        lead_image=make_image(caption="The runway.", credit="Ana Ruiz"),
        source=make_organisation(name="Wire Agency", kind="agency"),
        source_url="https://agency.example/original",
    )
    add_byline(article, make_person(name="Ana Ruiz"))
    speaker = make_person(name="Dan Ofer", slug="dan-ofer", role="Spokesman")
    add_role(speaker, title="Chief of staff", organisation=make_organisation(name="The Army"))
    add_role(speaker, title="Former title", ended_on=date(2001, 1, 1))
    article.people.add(speaker)
    add_quote(article, speaker, text="We are ready.")
    article.organisations.add(make_organisation(name="Ministry of Defence"))
    article.places.add(make_place(name="Negev"))
    article.tags.add("Defence")
    add_correction(article, text="An earlier version misspelt a name.")
    for _ in range(2):
        make_article(section=section).people.add(speaker)
    return article


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response


def test_the_page_from_kept_parts_is_the_page_rendered_in_full(client, story, run_tasks):
    assert page(client, story).context["kept"] is None
    run_tasks()  # the renditions, then the parts and related lists
    kept = page(client, story)
    assert kept.context["kept"] is not None
    StoryPage.objects.update(rendered_token=None)
    rendered = page(client, story)
    assert rendered.context["kept"] is None
    assert kept.content == rendered.content
    for text in ["We are ready.", "Chief of staff, The Army", "An earlier version", "Negev"]:
        assert text in kept.content.decode(), text


def test_a_person_renamed_in_the_admin_is_on_the_page_at_once(client, story, run_tasks):
    run_tasks()
    speaker = story.people.get()
    login(client, "editor")
    response = client.post(
        reverse("admin:articles_person_change", args=[speaker.pk]),
        {
            "honorific": "Lt. Gen.",
            "name": "Dan Offer",
            "slug": speaker.slug,
            "role": speaker.role,
            "bio": "",
            "photo": "",
            "wikidata_id": "",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    client.logout()

    at_once = page(client, story)
    assert at_once.context["kept"] is None  # stale: rendered in full
    assert "Lt. Gen. Dan Offer" in at_once.content.decode()
    run_tasks()
    kept = page(client, story)
    assert kept.context["kept"] is not None
    assert kept.content == at_once.content


def test_a_story_edited_in_the_admin_is_on_the_page_at_once(client, story, run_tasks):
    run_tasks()
    login(client, "editor")
    url = reverse("admin:articles_article_change", args=[story.pk])
    response = client.post(url, change_post(story, headline="General lands at dawn"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()

    assert "<h1>General lands at dawn</h1>" in page(client, story).content.decode()
    run_tasks()
    kept = page(client, story)
    assert kept.context["kept"] is not None
    assert "<h1>General lands at dawn</h1>" in kept.content.decode()


def test_a_writer_that_bypasses_save_is_caught_by_the_fingerprint(client, story, run_tasks):
    run_tasks()
    Article.objects.filter(pk=story.pk).update(dek="A third visit.")
    response = page(client, story)
    assert response.context["kept"] is None
    assert "A third visit." in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda s: _save(s.section, name="Abroad"), id="section"),
        pytest.param(lambda s: _save(s.places.get(), name="The Negev"), id="place"),
        pytest.param(lambda s: _save(s.organisations.get(), name="Defence Ministry"), id="org"),
        pytest.param(lambda s: _save(s.tags.get(), name="Defense"), id="tag"),
        pytest.param(lambda s: _save(s.quotes.get(), text="We are not ready."), id="quote"),
        pytest.param(lambda s: _save(s.dateline.parent, name="Eretz"), id="dateline-parent"),
        pytest.param(
            lambda s: _save(s.people.get().roles.get(title="Chief of staff"), title="Chief"),
            id="role",
        ),
        pytest.param(lambda s: _save(s.lead_image, caption="At dawn."), id="image"),
        pytest.param(lambda s: s.people.clear(), id="unlinked"),
    ],
)
def test_a_change_to_what_the_parts_show_makes_them_stale(client, story, run_tasks, change):
    run_tasks()
    before = page(client, story)
    assert before.context["kept"] is not None
    change(story)
    after = page(client, story)
    assert after.context["kept"] is None
    assert after.content != before.content
    run_tasks()
    again = page(client, story)
    assert again.context["kept"] is not None
    assert again.content == after.content


def _save(row, **fields):
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()


def test_a_note_dated_ahead_appears_at_its_time(client, story, run_tasks, monkeypatch):
    due = timezone.now() + timedelta(minutes=5)
    add_correction(story, text="A note for later.", published_at=due)
    run_tasks()
    before = page(client, story)
    assert before.context["kept"] is not None
    assert "A note for later." not in before.content.decode()
    assert StoryPage.objects.get(pk=story.pk).fresh_until == due

    later = due + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    after = page(client, story)
    assert after.context["kept"] is None
    assert "A note for later." in after.content.decode()


def test_a_preview_never_uses_kept_parts(client, story, run_tasks):
    run_tasks()
    Article.objects.filter(pk=story.pk).update(status=Article.Status.IN_REVIEW)
    assert client.get(story.get_absolute_url()).status_code == 404
    login(client, "editor")
    response = page(client, story)
    assert response.context["is_preview"] and response.context["kept"] is None


def test_the_command_keeps_every_published_story_and_then_does_nothing(story, capsys):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    call_command("keep_story_pages")
    kept = StoryPage.objects.filter(rendered_token__isnull=False)
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    assert set(kept.values_list("pk", flat=True)) == set(published.values_list("pk", flat=True))
    assert draft.pk not in set(kept.values_list("pk", flat=True))
    assert "page parts: 3 done" in capsys.readouterr().out

    call_command("keep_story_pages")
    out = capsys.readouterr().out
    assert "related lists: 0 done" in out and "page parts: 0 done" in out


@pytest.mark.parametrize(
    ("targeting", "unlink"),
    [
        pytest.param(lambda s: {"tags": [s.tags.get()]}, lambda s: s.tags.clear(), id="tag"),
        pytest.param(
            lambda s: {"places": [s.places.get()]}, lambda s: s.places.clear(), id="place"
        ),
        pytest.param(
            lambda s: {"organisations": [s.organisations.get()]},
            lambda s: s.organisations.clear(),
            id="organisation",
        ),
    ],
)
def test_the_appeal_reads_the_story_s_links_kept_with_its_parts(
    client, story, run_tasks, django_assert_num_queries, targeting, unlink
):
    make_campaign(appeal_headline="Fund the defence desk", **targeting(story))
    run_tasks()
    page(client, story)  # the campaigns, kept until they change
    # The story with its kept parts, the related stories, their renditions: none for the
    # story's tags, places or organisations.
    with django_assert_num_queries(3):
        kept = page(client, story)
    assert kept.context["kept"] is not None
    assert "Fund the defence desk" in kept.content.decode()
    unlink(story)
    assert "Fund the defence desk" not in page(client, story).content.decode()
    run_tasks()
    again = page(client, story)
    assert again.context["kept"] is not None
    assert "Fund the defence desk" not in again.content.decode()
