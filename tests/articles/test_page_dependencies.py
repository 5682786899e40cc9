"""Forgetting by dependency (newsroom/serving/invalidation.py): a change forgets the kept pages
that show what changed, and keeps every other page. Counted through the page cache by its
`X-Page-Cache` header: `miss` is a render, `hit` a kept page."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import close_old_connections, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles import views
from articles.models import Person, Section
from donations.models import Campaign
from newsroom.serving import page_cache
from tests.articles.admin_data import change_post, change_url
from tests.factories import (
    add_byline,
    login,
    make_article,
    make_campaign,
    make_person,
    make_section,
)
from tests.syndication.webhook_server import partner_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    """Three sections of ten stories each, one person in two of them, a campaign on one
    section: what a small site's pages show."""
    sections = [make_section(name=n, slug=n.lower()) for n in ("Politics", "Sport", "Culture")]
    dana = make_person(name="Dana Levi", slug="dana-levi")
    now = timezone.now()
    stories = {}
    for s, section in enumerate(sections):
        for n in range(10):
            story = make_article(
                headline=f"{section.name} story {n}",
                slug=f"{section.slug}-{n}",
                section=section,
                published_at=now - timedelta(hours=s * 10 + n + 1),
            )
            stories[story.slug] = story
    stories["politics-3"].people.add(dana)
    stories["culture-7"].people.add(dana)
    make_campaign(appeal_headline="Keep the sport desk going", sections=[sections[1]])
    return stories


def pages(stories):
    """Every story page, the section pages, a person page, the home page and the feed."""
    urls = {slug: story.get_absolute_url() for slug, story in stories.items()}
    for section in Section.objects.all():
        urls[f"section {section.slug}"] = reverse("articles:section-detail", args=[section.slug])
    urls["person"] = reverse("articles:person-detail", args=["dana-levi"])
    urls["home"] = reverse("articles:home")
    urls["rss"] = reverse("articles:feed")
    return urls


def visit(client, urls):
    """{name: how each page was answered}."""
    return {name: client.get(url)["X-Page-Cache"] for name, url in urls.items()}


def rendered(client, urls):
    return sorted(name for name, how in visit(client, urls).items() if how == "miss")


def test_every_page_is_kept_after_its_first_render(client, newsroom):
    urls = pages(newsroom)
    assert set(visit(client, urls).values()) == {"miss"}
    assert set(visit(client, urls).values()) == {"hit"}


def showing(client, urls, text):
    return sorted(name for name, url in urls.items() if text in client.get(url).content.decode())


@pytest.mark.parametrize("slug", ["sport-4", "culture-9", "politics-3"])
def test_a_save_forgets_the_pages_that_show_the_story_and_keeps_the_others(client, newsroom, slug):
    urls = pages(newsroom)
    story = newsroom[slug]
    shown_on = showing(client, urls, story.headline)  # renders and keeps every page
    # Its page, the lists and feed showing it, the stories whose related lists show it.
    assert len(shown_on) < len(urls) / 2
    story.dek = "The second half was called off."
    story.save()
    assert rendered(client, urls) == shown_on
    assert "called off" in client.get(urls[slug]).content.decode()


def test_an_edit_through_the_admin_forgets_the_same_pages(client, newsroom):
    urls = pages(newsroom)
    visit(client, urls)
    story = newsroom["politics-3"]
    editor = login(Client(), "editor")
    response = editor.post(change_url(story), change_post(story, headline="Budget passes"))
    assert response.status_code == 302
    # Its related lists show it: the stories of its section and the one sharing Dana Levi.
    again = rendered(client, urls)
    assert {"politics-3", "section politics", "home", "person", "rss"} <= set(again)
    assert not {"sport-1", "section culture", "culture-0"} & set(again)
    for name in again:
        if name.startswith(("politics", "culture")) and name != "politics-3":
            assert "Budget passes" in client.get(urls[name]).content.decode()


def test_a_related_list_change_reaches_the_story_that_shows_it(client, newsroom):
    shared = newsroom["culture-7"]  # shares Dana Levi with politics-3
    url = shared.get_absolute_url()
    assert "Politics story 3" in client.get(url).content.decode()
    unrelated = newsroom["sport-9"].get_absolute_url()
    client.get(unrelated)
    related = newsroom["politics-3"]
    related.headline = "Minister resigns"
    related.save()
    assert "Minister resigns" in client.get(url).content.decode()
    assert client.get(unrelated)["X-Page-Cache"] == "hit"


def test_publishing_a_story_forgets_its_lists_not_the_other_stories(client, newsroom):
    urls = pages(newsroom)
    visit(client, urls)
    make_article(headline="Derby tonight", section=Section.objects.get(slug="sport"))
    again = set(rendered(client, urls))
    assert {"home", "rss", "section sport"} <= again
    assert not {"section politics", "section culture", "person"} & again
    assert not {slug for slug in newsroom if not slug.startswith("sport")} & again
    assert "Derby tonight" in client.get(urls["section sport"]).content.decode()


def test_a_section_rename_reaches_every_page(client, newsroom):
    urls = pages(newsroom)
    visit(client, urls)
    section = Section.objects.get(slug="culture")
    section.name = "Arts"
    section.save()
    for name, url in urls.items():
        if name == "rss":
            continue  # no menu in a feed
        assert 'href="/section/culture/"' in (page := client.get(url).content.decode()), name
        assert "Arts" in page, name


def test_a_persons_new_name_reaches_every_page_that_shows_it(client, newsroom):
    urls = pages(newsroom)
    add_byline(newsroom["sport-2"], person=Person.objects.get(slug="dana-levi"))
    visit(client, urls)
    dana = Person.objects.get(slug="dana-levi")
    dana.name = "Dana Levi-Cohen"
    dana.save()
    again = set(rendered(client, urls))
    assert {"person", "politics-3", "culture-7", "sport-2"} <= again
    for name in ("person", "politics-3", "culture-7", "sport-2"):
        assert "Dana Levi-Cohen" in client.get(urls[name]).content.decode()
    assert "sport-5" not in again


def test_a_campaign_change_reaches_every_story_it_targets(client, newsroom):
    urls = pages(newsroom)
    visit(client, urls)
    campaign = Campaign.objects.get()
    campaign.appeal_headline = "Fund the match reports"
    campaign.save()
    for n in range(10):
        assert "Fund the match reports" in client.get(urls[f"sport-{n}"]).content.decode()
    # The lists show no appeal.
    assert client.get(urls["section politics"])["X-Page-Cache"] == "hit"


def test_an_unchanged_page_answers_a_conditional_request_with_304_without_rendering(
    client, newsroom
):
    url = newsroom["culture-1"].get_absolute_url()
    etag = client.get(url)["ETag"]
    other = newsroom["sport-1"]
    other.dek = "Changed elsewhere."
    other.save()  # forgets other pages, not this one
    with mock.patch.object(views, "render_story", side_effect=AssertionError("rendered")):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_a_page_past_its_lifetime_is_served_stale_while_one_request_renders_it(
    client, newsroom, settings
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 60
    url = newsroom["culture-1"].get_absolute_url()
    key = page_cache.page_key(RequestFactory().get(url))
    client.get(url)
    with time_machine.travel(timezone.now() + timedelta(seconds=61), tick=False):
        cache.add(page_cache._lock_key(key), 1, 30)  # another request is rendering it
        stale = client.get(url)
        assert stale["X-Page-Cache"] == "stale"
        assert "max-age=0" in stale["Cache-Control"]
        cache.delete(page_cache._lock_key(key))
        assert client.get(url)["X-Page-Cache"] == "miss"  # this one renders
        assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_changed_page_is_never_served_stale(client, newsroom, settings):
    settings.NEWSROOM_PAGE_WAIT_SECONDS = 0.1
    story = newsroom["culture-1"]
    url = story.get_absolute_url()
    key = page_cache.page_key(RequestFactory().get(url))
    client.get(url)
    story.headline = "Gallery closes"
    story.save()
    cache.add(page_cache._lock_key(key), 1, 30)  # another request is rendering it
    # This one waited for it, in vain, then rendered the change itself.
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert "Gallery closes" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_twenty_readers_missing_the_same_page_cost_one_render():
    story = make_article(headline="Twenty readers at once")
    url = story.get_absolute_url()
    renders = []
    real = views.render_story

    def slow_render(request, article):
        renders.append(article.pk)
        time.sleep(0.3)  # long enough for every reader to arrive meanwhile
        return real(request, article)

    answers = []

    def read():
        try:
            answers.append(Client().get(url))
        finally:
            close_old_connections()

    with mock.patch.object(views, "render_story", side_effect=slow_render):
        readers = [threading.Thread(target=read) for _ in range(20)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join()
    assert len(renders) == 1
    assert [a.status_code for a in answers] == [200] * 20
    assert {a["ETag"] for a in answers} == {answers[0]["ETag"]}


def test_every_reader_response_names_its_tags(client, newsroom):
    story = newsroom["politics-3"]
    response = client.get(story.get_absolute_url())
    keys = response["Surrogate-Key"].split()
    assert "newsroom" in keys
    assert f"article-{story.pk}" in keys
    assert f"person-{Person.objects.get(slug='dana-levi').pk}" in keys
    assert response["Cache-Tag"] == ",".join(keys)


def purge_requests(edge):
    """[(path, headers with lower-case names, body)] the edge cache received."""
    return [(p, {k.lower(): v for k, v in h.items()}, b) for p, h, b in edge.received]


def edit_in_the_admin_way(*stories, dek):
    """Saved in one transaction, as the admin saves a form, and committed."""
    with transaction.atomic():
        for story in stories:
            story.dek = dek
            story.save()


@pytest.mark.django_db(transaction=True)
def test_the_purge_hook_sends_one_transactions_tags_once(newsroom, settings, run_tasks):
    first, second = newsroom["sport-4"], newsroom["politics-2"]
    with partner_server() as edge:
        settings.NEWSROOM_PURGE_URL = edge.url("/purge")
        edit_in_the_admin_way(first, second, dek="Rained off.")
        run_tasks()
        path, headers, _ = purge_requests(edge)[0]  # the edit's (later tasks may purge more)
    assert path == "/purge"
    purged = set(headers["xkey-purge"].split())
    assert {f"article-{first.pk}", f"article-{second.pk}", "every-article"} == purged


@pytest.mark.django_db(transaction=True)
def test_the_purge_hook_speaks_fastly_and_cloudflare(newsroom, settings, run_tasks):
    import json

    story = newsroom["sport-4"]
    with partner_server() as edge:
        settings.NEWSROOM_PURGE_URL = edge.url("/purge")
        settings.NEWSROOM_PURGE_TOKEN = "secret-token"
        for style, field, auth in [
            ("fastly", "surrogate_keys", "fastly-key"),
            ("cloudflare", "tags", "authorization"),
        ]:
            settings.NEWSROOM_PURGE_FORMAT = style
            edge.received.clear()
            edit_in_the_admin_way(story, dek=f"Changed for {style}.")
            run_tasks()
            _, headers, body = purge_requests(edge)[0]
            assert f"article-{story.pk}" in json.loads(body)[field]
            assert "secret-token" in headers[auth]


@pytest.mark.django_db(transaction=True)
def test_a_refused_purge_is_tried_again_later(newsroom, settings, run_tasks):
    from background.models import BackgroundTask

    story = newsroom["sport-4"]
    with partner_server() as edge:
        edge.answers["/purge"] = (503, {})
        settings.NEWSROOM_PURGE_URL = edge.url("/purge")
        edit_in_the_admin_way(story, dek="Refused.")
        run_tasks()
        assert purge_requests(edge)
    purges = BackgroundTask.objects.filter(task_path="newsroom.serving.purge.purge_tags")
    assert purges.exists()
    assert all(task.status == "READY" and task.is_waiting_to_retry for task in purges)


def test_a_scheduled_story_caps_only_the_pages_that_will_show_it(client, newsroom):
    now = timezone.now().replace(microsecond=0)
    sport = Section.objects.get(slug="sport")
    make_article(headline="Derby preview", section=sport, published_at=now + timedelta(seconds=45))
    urls = pages(newsroom)
    with time_machine.travel(now, tick=False):
        ages = {name: client.get(url)["Cache-Control"] for name, url in urls.items()}
    for name in ("home", "section sport", "rss"):
        assert "s-maxage=45" in ages[name], name
    for name in ("section culture", "culture-3", "politics-0", "person"):
        assert "s-maxage=120" in ages[name], name
    with time_machine.travel(now + timedelta(seconds=46), tick=False):
        assert "Derby preview" in client.get(urls["section sport"]).content.decode()
        assert client.get(urls["culture-3"])["X-Page-Cache"] == "hit"


def test_deleting_a_story_forgets_the_pages_that_showed_it_and_the_lists(client, newsroom):
    urls = pages(newsroom)
    story = newsroom["sport-4"]
    shown_on = showing(client, urls, story.headline)
    story.delete()
    del urls["sport-4"]
    again = rendered(client, urls)
    # The pages that showed it, and the lists of stories (their membership changed): the
    # sport stories' related lists are filled from the section's newest.
    lists = {"home", "rss", "person"} | {name for name in urls if name.startswith("section")}
    lists |= {name for name in urls if name.startswith("sport-")}
    assert set(again) <= set(shown_on) | lists
    assert not {name for name in again if name not in lists} - set(shown_on)
    assert "culture-3" not in again
    for name in again:
        assert story.headline not in client.get(urls[name]).content.decode()


def test_a_scheduled_story_in_a_kept_related_list_ends_the_page_at_its_time(
    client, newsroom, run_tasks
):
    """Its related list is kept (articles/related.py) with the story not yet live in it: the
    page shows it from its second, with no task and no save."""
    now = timezone.now().replace(microsecond=0)
    dana = Person.objects.get(slug="dana-levi")
    soon = make_article(headline="Dana Levi plans ahead", published_at=now + timedelta(seconds=90))
    soon.people.add(dana)
    run_tasks()  # the kept lists, with the scheduled story in them
    url = newsroom["culture-7"].get_absolute_url()
    with time_machine.travel(now, tick=False):
        page = client.get(url)
        assert "Dana Levi plans ahead" not in page.content.decode()
        assert "s-maxage=90" in page["Cache-Control"]
    with time_machine.travel(now + timedelta(seconds=91), tick=False):
        assert "Dana Levi plans ahead" in client.get(url).content.decode()


def test_clearing_a_persons_stories_forgets_each_of_them(client, newsroom):
    """From the person's side: the stories to forget are read before the clear."""
    urls = pages(newsroom)
    visit(client, urls)
    Person.objects.get(slug="dana-levi").articles.clear()
    assert {"politics-3", "culture-7", "person"} <= set(rendered(client, urls))
    for name in ("politics-3", "culture-7"):
        assert "Dana Levi" not in client.get(urls[name]).content.decode()
