from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.articles.record_factories import add_role, make_organisation
from tests.factories import (
    HIDDEN,
    HIDDEN_IDS,
    add_byline,
    add_correction,
    add_quote,
    make_article,
    make_image,
    make_person,
    make_place,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


def article_url(article):
    return article.get_absolute_url()


def test_published_story_is_readable(client):
    section = make_section(name="World")
    dateline = make_place(name="Nevatim Air Base", parent=make_place(name="Israel"))
    article = make_article(
        headline="General lands at desert air base",
        dek="A second visit in a year.",
        body="<p>The plane touched down at dawn.</p>",
        section=section,
        dateline=dateline,
        lead_image=make_image(caption="The runway at dawn.", credit="Ana Ruiz / Staff"),
    )
    add_byline(article, make_person(name="Ana Ruiz"))
    add_byline(article, make_person(name="Ben Okafor"))
    speaker = make_person(honorific="Lt. Gen.", name="Dan Ofer", role="Chief of staff")
    add_quote(article, speaker, text="We are ready.")
    article.people.add(make_person(name="Maya Stern"))
    article.tags.add("Defence")

    response = client.get(article_url(article))

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    html = response.content.decode()
    for text in [
        "General lands at desert air base",
        "A second visit in a year.",
        "Ana Ruiz</a> and <a",
        "Ben Okafor</a>",
        "NEVATIM AIR BASE</a>, Israel —",
        "The plane touched down at dawn.",
        "We are ready.",
        "Lt. Gen. Dan Ofer",
        "Maya Stern",
        "Defence",
        "The runway at dawn.",
        "Ana Ruiz / Staff",
        'type="image/webp"',
    ]:
        assert text in html, text
    assert 'loading="lazy"' not in html.split("story__body")[0]
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("overrides", HIDDEN, ids=HIDDEN_IDS)
def test_unpublished_stories_are_hidden_from_readers_but_not_staff(client, overrides):
    article = make_article(headline="Not yet", **overrides)

    assert client.get(article_url(article)).status_code == 404
    client.force_login(make_user("journalist"))
    response = client.get(article_url(article))
    assert response.status_code == 200
    assert "Preview: readers cannot see this story" in response.content.decode()
    assert 'name="robots" content="noindex' in response.content.decode()


def test_staff_without_newsroom_rights_cannot_preview(client):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_user("fundraiser"))
    assert client.get(article_url(article)).status_code == 404


def test_story_goes_live_at_its_time_without_any_job(client):
    article = make_article(published_at=timezone.now() + timedelta(seconds=1))
    assert client.get(article_url(article)).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert client.get(article_url(article)).status_code == 200


def test_wrong_date_in_url_redirects_to_the_story(client):
    article = make_article()
    url = reverse(
        "articles:article-detail",
        kwargs={"year": 2001, "month": 1, "day": 2, "slug": article.slug},
    )
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_slug_is_404(client):
    url = reverse(
        "articles:article-detail", kwargs={"year": 2024, "month": 5, "day": 1, "slug": "nope"}
    )
    assert client.get(url).status_code == 404


def _fill(article, count, notes=True):
    for i in range(count):
        add_byline(article, make_person())
        add_quote(article, make_person(), text=f"Quote {i}")
        person = make_person()
        add_role(person, title="Former title", ended_on=date(2001, 1, 1))
        add_role(person, title="Title of the day")
        article.people.add(person)
        article.organisations.add(make_organisation())
        article.places.add(make_place(parent=make_place()))
        article.tags.add(f"tag-{article.pk}-{i}")
        if notes:
            add_correction(article)


def _small_and_big(notes):
    section = make_section()
    for _ in range(3):
        make_article(section=section, lead_image=make_image())
    small = make_article(
        section=section, lead_image=make_image(), dateline=make_place(parent=make_place())
    )
    _fill(small, 1, notes=notes)
    # The big one is wire copy too: its source and credits cost nothing more.
    big = make_article(
        section=section,
        lead_image=make_image(),
        dateline=make_place(parent=make_place()),
        source=make_organisation(kind="agency"),
        source_url="https://agency.example/original",
    )
    _fill(big, 5, notes=notes)
    add_byline(big, make_person(), role="wire")
    add_byline(big, make_person(), role="translator")
    return small, big


@pytest.mark.usefixtures("render_every_time")
@pytest.mark.parametrize("notes", [False, True])
def test_article_page_query_count_does_not_grow(
    client, django_assert_num_queries, notes, run_tasks
):
    small, big = _small_and_big(notes)
    run_tasks()  # the page parts and related lists, kept (story_parts.py, related.py)
    client.get(article_url(big))  # the section menu and the appeal's campaigns, cached

    # The story with its kept parts (with its tag, place and organisation ids for the
    # appeal); the related stories kept, then the section's newest (these share no links);
    # their lead images' renditions. Notes are in the parts.
    with django_assert_num_queries(4) as small_queries:
        response = client.get(article_url(small))
    assert response.context["kept"] is not None
    assert len(response.context["related"]) == 4
    with django_assert_num_queries(len(small_queries)):
        response = client.get(article_url(big))
    assert response.status_code == 200
    assert response.context["kept"] is not None
    assert len(response.context["article"].quotes.all()) == 5
    assert len(response.context["article"].notes) == (5 if notes else 0)


@pytest.mark.usefixtures("render_every_time")
@pytest.mark.parametrize("notes", [False, True])
def test_a_story_not_yet_kept_costs_the_same_whatever_its_size(
    client, django_assert_max_num_queries, notes
):
    """Before the task has run (a story published a moment ago): everything is read and
    worked out on the page, in a number of queries that does not grow with the story."""
    small, big = _small_and_big(notes)
    client.get(article_url(big))

    # The story, then with what for_page() joins; its bylines, quotes, people, their roles,
    # organisations, places, tags; notes when it has some; the related stories worked out
    # (their links, candidates and scores: 12); every lead image's renditions.
    with django_assert_max_num_queries(24 if notes else 23) as small_queries:
        response = client.get(article_url(small))
    assert response.context["kept"] is None
    assert len(response.context["related"]) == 4
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(article_url(big))
    assert response.status_code == 200
    assert len(response.context["article"].quotes.all()) == 5
    assert len(response.context["article"].notes) == (5 if notes else 0)


@pytest.mark.usefixtures("render_every_time")
def test_a_cold_cache_adds_the_section_menu_and_the_appeal(
    client, django_assert_num_queries, run_tasks
):
    story = make_article(section=make_section(), lead_image=make_image())
    _fill(story, 2, notes=False)
    run_tasks()
    with django_assert_num_queries(6):
        client.get(article_url(story))


def test_updated_time_shows_only_after_a_change_following_publication(client):
    published_at = timezone.now() - timedelta(days=2)
    unchanged = make_article(published_at=published_at)
    earlier = make_article(published_at=published_at, modified_at=published_at - timedelta(1))
    changed = make_article(published_at=published_at, modified_at=published_at + timedelta(1))

    assert unchanged.last_modified_at == earlier.last_modified_at == published_at
    assert changed.last_modified_at == changed.modified_at
    for article, shown in [(unchanged, False), (earlier, False), (changed, True)]:
        html = client.get(article_url(article)).content.decode()
        assert ('class="updated"' in html) is shown, article
