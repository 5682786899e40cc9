"""Revisions of a story: kept on every save, compared readably, restored without surprises."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles import revisions
from articles.models import Article, Revision
from tests.articles.admin_data import article_post, change_url
from tests.articles.admin_data import change_post as story_post
from tests.factories import (
    ROLES,
    add_byline,
    add_quote,
    login,
    make_article,
    make_person,
    make_place,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


def revisions_url(article):
    return reverse("admin:articles_article_revisions", args=[article.pk])


def compare_url(article, older, newer):
    return reverse("admin:articles_article_revision_compare", args=[article.pk]) + (
        f"?from={older}&to={newer}"
    )


def restore_url(article, number):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, number])


@pytest.fixture
def cast():
    return {
        "ana": make_person(name="Ana Ruiz"),
        "dan": make_person(name="Dan Ofer"),
        "rob": make_person(name="Rob Hale"),
        "base": make_place(name="Nevatim Air Base"),
        "city": make_place(name="Beersheba"),
        "world": make_section(name="World"),
    }


@pytest.fixture
def story(cast, editor):
    """A live story with everything hanging off it, and its first revision."""
    article = make_article(
        headline="General lands at desert base",
        dek="The first visit in a decade.",
        body="<p>The general landed at noon.</p><p>He met the crews.</p>",
        section=cast["world"],
        dateline=cast["base"],
    )
    article.people.set([cast["dan"]])
    article.places.set([cast["base"]])
    article.tags.add("defence", "Negev")
    add_byline(article, cast["ana"])
    add_quote(article, cast["dan"], text="We are ready.", context="at the base")
    revisions.record(article=article, by=editor, summary="First")
    return article


def save(client, article, **changes):
    response = client.post(change_url(article), story_post(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


# Keeping revisions ---------------------------------------------------------------------------


def test_adding_a_story_keeps_its_first_revision_with_everything(editor_client, editor, cast):
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_post(
            headline="General lands at desert base",
            slug="general-lands",
            section=str(cast["world"].pk),
            dateline=str(cast["base"].pk),
            people=[str(cast["rob"].pk), str(cast["dan"].pk)],
            places=[str(cast["base"].pk)],
            tags="Negev, defence",
            bylines=[{"person": cast["ana"].pk, "role": "author", "order": ""}],
            quotes=[
                {"speaker": cast["dan"].pk, "text": "We are ready.", "context": "", "order": ""}
            ],
        ),
    )
    assert response.status_code == 302
    revision = Revision.objects.get()
    assert (revision.number, revision.created_by) == (1, editor)
    data = revision.data
    assert data["headline"] == "General lands at desert base"
    assert data["section"] == [cast["world"].pk, "World"]
    assert data["dateline"] == [cast["base"].pk, "Nevatim Air Base"]
    assert data["people"] == [[cast["dan"].pk, "Dan Ofer"], [cast["rob"].pk, "Rob Hale"]]
    assert data["places"] == [[cast["base"].pk, "Nevatim Air Base"]]
    assert data["tags"] == ["defence", "Negev"]
    assert data["bylines"] == [
        {"person": [cast["ana"].pk, "Ana Ruiz"], "role": "author", "order": 1}
    ]
    assert data["quotes"] == [
        {
            "speaker": [cast["dan"].pk, "Dan Ofer"],
            "text": "We are ready.",
            "context": "",
            "order": 1,
        }
    ]


def test_a_changed_save_adds_a_revision_and_an_unchanged_one_does_not(editor_client, story, cast):
    save(editor_client, story, add_bylines=[{"person": cast["rob"].pk, "role": "contributor"}])
    save(editor_client, story)
    numbers = list(story.revisions.values_list("number", flat=True))
    assert numbers == [2, 1]
    latest = story.revisions.first()
    assert [line["person"][1] for line in latest.data["bylines"]] == ["Ana Ruiz", "Rob Hale"]
    assert latest.data["quotes"][0]["text"] == "We are ready."


def test_the_change_form_links_to_the_revisions(editor_client, story):
    html = editor_client.get(change_url(story)).content.decode()
    assert f'<a href="{revisions_url(story)}">Revisions (1)</a>' in html


# The list ------------------------------------------------------------------------------------


def test_the_list_shows_every_revision_newest_first(editor_client, story, editor):
    save(editor_client, story, headline="General lands at the desert base")
    response = editor_client.get(revisions_url(story))
    assert response.status_code == 200
    assert [r.number for r in response.context["page"]] == [2, 1]
    html = response.content.decode()
    assert "Dana Levi" in html and "First" in html
    assert 'name="from" value="1" aria-label="Compare from revision 1" checked' in html
    assert 'name="to" value="2" aria-label="Compare to revision 2" checked' in html
    assert compare_url(story, 1, "current").replace("&", "&amp;") in html
    assert restore_url(story, 1) in html


def test_the_list_costs_the_same_however_many_revisions(
    editor_client, story, django_assert_max_num_queries
):
    data = story.revisions.get(number=1).data
    for number in range(2, 10):
        by = make_user("editor", first_name=f"Editor {number}")
        Revision.objects.create(article=story, number=number, data=data, created_by=by)
    with django_assert_max_num_queries(7):
        response = editor_client.get(revisions_url(story))
    assert len(response.context["page"]) == 9
    assert response.content.decode().count('name="from"') == 9


# Comparing -----------------------------------------------------------------------------------


def test_the_comparison_shows_each_changed_field_readably(editor_client, story, cast):
    dan_quote = story.quotes.get()
    save(
        editor_client,
        story,
        dek="The first visit in ten years.",
        body="<p>The general landed at dawn.</p><p>He met the crews.</p>",
        people=[str(cast["rob"].pk)],
        drop=[dan_quote],
        add_quotes=[{"speaker": cast["rob"].pk, "text": "Good talks.", "context": ""}],
    )
    response = editor_client.get(compare_url(story, 1, 2))
    assert response.status_code == 200
    changes = {change.name: change for change in response.context["changes"]}
    assert list(changes) == ["dek", "body", "people", "quotes"]
    assert changes["dek"].label == "Standfirst"
    assert "in <del>a decade.</del> <ins>ten years.</ins>" in changes["dek"].html
    assert (
        "landed at <del>noon.</del> <ins>dawn.</ins>\n\nHe met the crews." in changes["body"].html
    )
    assert "<del>Dan Ofer</del>" in changes["people"].html
    assert "<ins>Rob Hale</ins>" in changes["people"].html
    assert "<del>Dan Ofer: “We are ready.” (at the base)</del>" in changes["quotes"].html
    assert "<ins>Rob Hale: “Good talks.”</ins>" in changes["quotes"].html
    html = response.content.decode()
    assert '<th scope="row">Standfirst</th>' in html
    assert "Headline</th>" not in html


def test_bylines_read_as_the_paper_prints_them(editor_client, story, cast):
    save(editor_client, story, add_bylines=[{"person": cast["rob"].pk, "role": "photographer"}])
    changes = editor_client.get(compare_url(story, 1, 2)).context["changes"]
    assert [change.label for change in changes] == ["Bylines"]
    assert "Ana Ruiz — Author" in changes[0].html
    assert "<ins>Rob Hale — Photographs</ins>" in changes[0].html


def test_the_comparison_escapes_what_people_typed(editor_client, story, cast):
    cast["rob"].name = '<img src=x onerror="alert(1)">'
    cast["rob"].save()
    save(
        editor_client,
        story,
        headline="<script>alert('headline')</script>",
        people=[str(cast["rob"].pk)],
        body="<p>&lt;b&gt;not bold&lt;/b&gt;</p>",
    )
    html = editor_client.get(compare_url(story, 1, 2)).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>not" not in html
    assert "&lt;script&gt;alert(&#x27;headline&#x27;)&lt;/script&gt;" in html
    assert "<ins>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</ins>" in html
    assert "<ins>&lt;b&gt;not bold&lt;/b&gt;</ins>" in html


def test_comparing_equal_states_says_so(editor_client, story):
    response = editor_client.get(compare_url(story, 1, "current"))
    assert response.context["changes"] == []
    assert "No differences." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?from=1&to=99", 404, "This story has no revision 99."),
        ("?from=abc&to=1", 400, "Choose two revisions to compare."),
        ("", 400, "Choose two revisions to compare."),
        ("?from=-1&to=1", 400, "Choose two revisions to compare."),
        ("?from=²&to=1", 400, "Choose two revisions to compare."),
        ("?from=1&to=99999999999999999999999", 404, "no revision 99999999999999999999999"),
    ],
)
def test_a_bad_comparison_says_what_is_wrong(editor_client, story, query, status, message):
    url = reverse("admin:articles_article_revision_compare", args=[story.pk]) + query
    response = editor_client.get(url)
    assert response.status_code == status
    assert message in response.content.decode()


# Restoring -----------------------------------------------------------------------------------


def test_restoring_puts_back_the_content_but_not_status_time_or_slug(editor_client, story, cast):
    published_at = story.published_at
    later = timezone.localtime(published_at - timedelta(hours=2)).replace(microsecond=0)
    save(
        editor_client,
        story,
        headline="Rewritten headline",
        slug="rewritten-headline",
        body="<p>All new.</p>",
        section="",
        people=[str(cast["rob"].pk)],
        places=[str(cast["city"].pk)],
        tags="politics",
        has_appeal=None,
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M:%S"),
        drop=[story.bylines.get(), story.quotes.get()],
        add_bylines=[{"person": cast["rob"].pk, "role": "author"}],
    )
    Article.objects.filter(pk=story.pk).update(modified_at=None)

    response = editor_client.post(restore_url(story, 1))

    assert response.status_code == 302
    assert response["Location"] == change_url(story)
    story.refresh_from_db()
    assert story.headline == "General lands at desert base"
    assert story.body == "<p>The general landed at noon.</p><p>He met the crews.</p>"
    assert story.section == cast["world"] and story.has_appeal
    assert list(story.people.all()) == [cast["dan"]]
    assert list(story.places.all()) == [cast["base"]]
    assert sorted(story.tags.names()) == ["Negev", "defence"]
    assert [(b.person, b.role, b.order) for b in story.bylines.all()] == [
        (cast["ana"], "author", 1)
    ]
    assert [(q.speaker, q.text, q.order) for q in story.quotes.all()] == [
        (cast["dan"], "We are ready.", 1)
    ]
    # Never published, moved or rescheduled by a restore.
    assert story.slug == "rewritten-headline"
    assert story.status == Article.Status.PUBLISHED
    assert timezone.localtime(story.published_at).replace(microsecond=0) == later
    assert story.modified_at is not None
    latest = story.revisions.first()
    assert (latest.number, latest.summary) == (3, "Restored from revision 1")
    assert latest.data["headline"] == "General lands at desert base"
    page = editor_client.get(response["Location"]).content.decode()
    assert "Restored revision 1." in page
    logged = LogEntry.objects.get(object_id=str(story.pk), change_message="Restored revision 1.")
    assert logged.user.first_name == "Dana"


def test_restore_asks_first_and_says_what_it_keeps(editor_client, story):
    save(editor_client, story, headline="Rewritten headline", slug="rewritten")
    response = editor_client.get(restore_url(story, 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "restoring never publishes, unpublishes or moves a story" in html
    assert [change.name for change in response.context["plan"].changes] == ["headline"]
    assert "<del>Rewritten headline</del> <ins>General lands at desert base</ins>" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert story.revisions.count() == 2


def test_restore_leaves_out_people_who_no_longer_exist(editor_client, story, cast):
    save(editor_client, story, people=[], drop=[story.quotes.get()])
    cast["dan"].delete()

    preview = editor_client.get(restore_url(story, 1))
    assert "People: Dan Ofer" in preview.content.decode()

    response = editor_client.post(restore_url(story, 1), follow=True)
    story.refresh_from_db()
    assert list(story.people.all()) == []
    assert story.quotes.count() == 0
    assert story.bylines.get().person == cast["ana"]
    html = response.content.decode()
    assert "Left out because they no longer exist: People: Dan Ofer; " in html
    assert "Quotes: Dan Ofer: “We are ready.” (at the base)." in html


def test_restoring_the_current_state_changes_nothing(editor_client, story):
    response = editor_client.post(restore_url(story, 1), follow=True)
    assert "already matched revision 1; nothing changed" in response.content.decode()
    assert story.revisions.count() == 1


def test_restore_keeps_an_unrecorded_current_state_first(editor_client, story):
    Article.objects.filter(pk=story.pk).update(headline="Changed outside the form")
    editor_client.post(restore_url(story, 1))
    kept = story.revisions.get(number=2)
    assert kept.data["headline"] == "Changed outside the form"
    assert kept.created_by is None
    assert story.revisions.first().summary == "Restored from revision 1"


def test_restoring_a_draft_does_not_mark_it_updated(editor_client, editor):
    draft = make_article(status=Article.Status.DRAFT, published_at=None, headline="Draft one")
    revisions.record(article=draft, by=editor)
    save(editor_client, draft, headline="Draft two")
    editor_client.post(restore_url(draft, 1))
    draft.refresh_from_db()
    assert draft.headline == "Draft one"
    assert draft.modified_at is None
    assert draft.status == Article.Status.DRAFT


# Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("list", [302, 200, 200, 403, 200]),
        ("compare", [302, 200, 200, 403, 200]),
        # A journalist may not restore a live story.
        ("restore", [302, 403, 200, 403, 200]),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_revision_pages(client, story, page, expected, role):
    login(client, role)
    url = {
        "list": revisions_url(story),
        "compare": compare_url(story, 1, "current"),
        "restore": restore_url(story, 1),
    }[page]
    response = client.get(url)
    assert response.status_code == expected[ROLES.index(role)]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("case", ["someone else's draft", "own live story", "fundraiser"])
def test_a_refused_restore_changes_nothing(client, editor, cast, case):
    user = make_user("fundraiser" if case == "fundraiser" else "journalist")
    status = Article.Status.PUBLISHED if case == "own live story" else Article.Status.DRAFT
    article = make_article(status=status, headline="Before")
    if case == "own live story":
        Article.objects.filter(pk=article.pk).update(created_by=user)
    revisions.record(article=article, by=editor)
    Article.objects.filter(pk=article.pk).update(headline="After")
    revisions.record(article=article, by=editor)
    client.force_login(user)

    response = client.post(restore_url(article, 1))

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "After"
    assert article.revisions.count() == 2


def test_a_journalist_restores_their_own_draft(client, editor):
    journalist = make_user("journalist")
    draft = make_article(status=Article.Status.DRAFT, published_at=None, headline="Mine")
    Article.objects.filter(pk=draft.pk).update(created_by=journalist)
    revisions.record(article=draft, by=journalist)
    Article.objects.filter(pk=draft.pk).update(headline="Edited by the desk")
    client.force_login(journalist)
    listing = client.get(revisions_url(draft)).content.decode()
    assert restore_url(draft, 1) in listing
    assert client.post(restore_url(draft, 1)).status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Mine"


def test_the_list_offers_restore_only_to_who_may(client, story):
    client.force_login(make_user("journalist"))
    html = client.get(revisions_url(story)).content.decode()
    assert "Compare with current" in html
    assert restore_url(story, 1) not in html


def test_the_body_diff_keeps_paragraphs():
    older = {"body": "<p>One two.</p><h2>Three</h2><p>Four.</p>"}
    newer = {"body": "<p>One two.</p><p>Four. Five.</p>"}
    (change,) = revisions.compare(older, newer)
    text = re.sub(r"\s+", " ", change.html)
    assert "One two." in text and "<del>Three" in text and "Four. <ins>Five.</ins>" in text
    assert "\n\n" in change.html


def test_restoring_a_revision_that_does_not_exist_is_404(editor_client, story):
    assert editor_client.get(restore_url(story, 2)).status_code == 404
    assert editor_client.post(restore_url(story, 99999999999999999999999)).status_code == 404
    missing = reverse("admin:articles_article_revisions", args=[99999999999999999999999])
    assert editor_client.get(missing).status_code == 404
