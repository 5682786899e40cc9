"""RSS 2.0 and Atom feeds: site, section, tag and person, through their URLs."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Byline
from tests.conftest import PUBLIC_SITE_URL as SITE_URL
from tests.factories import HIDDEN, add_byline, make_article, make_person, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]


ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def get_feed(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs), HTTP_HOST="internal.lan")
    assert response.status_code == 200, response.content
    return response


def rss_items(response):
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response).find("channel")
    return channel, channel.findall("item")


def atom_entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse(response)
    assert feed.tag == f"{ATOM}feed"
    return feed, feed.findall(f"{ATOM}entry")


def same_second(first, second):
    return abs(first - second) < timedelta(seconds=1)


def all_links(response):
    """Every address in a feed: RSS <link>, Atom link@href, atom:link@href."""
    root = parse(response)
    links = [el.text for el in root.iter("link") if el.text]
    links += [el.get("href") for el in root.iter() if el.get("href")]
    return links


@pytest.fixture
def story():
    section = make_section(name="World", slug="world")
    article = make_article(
        headline="General lands at desert air base",
        dek="A second visit in a year.",
        section=section,
        published_at=timezone.now() - timedelta(hours=2),
    )
    add_byline(article, make_person(name="Ana Ruiz"))
    add_byline(article, make_person(name="Ben Okafor"))
    add_byline(article, make_person(name="Cam Photo"), role=Byline.Role.PHOTOGRAPHER)
    article.tags.add("Defence", "Israel")
    return article


def test_site_rss_feed(client, story):
    response = get_feed(client, "articles:feed")

    channel, items = rss_items(response)
    assert channel.findtext("title") == "The Daily Example"
    assert channel.findtext("link") == f"{SITE_URL}/"
    assert channel.findtext("description")
    assert channel.find(f"{ATOM}link").get("href") == f"{SITE_URL}{reverse('articles:feed')}"
    [item] = items
    assert item.findtext("title") == "General lands at desert air base"
    assert item.findtext("link") == f"{SITE_URL}{story.get_absolute_url()}"
    assert item.findtext("description") == "A second visit in a year."
    assert item.findtext(f"{DC}creator") == "Ana Ruiz, Ben Okafor"
    assert same_second(parsedate_to_datetime(item.findtext("pubDate")), story.published_at)
    guid = item.find("guid")
    assert guid.text == f"tag:news.example.org,{story.created_at:%Y-%m-%d}:article:{story.pk}"
    assert guid.get("isPermaLink") == "false"
    assert sorted(c.text for c in item.findall("category")) == ["Defence", "Israel"]


def test_site_atom_feed(client, story):
    story.modified_at = story.published_at + timedelta(hours=1)
    story.save()

    response = get_feed(client, "articles:feed-atom")

    feed, entries = atom_entries(response)
    assert feed.findtext(f"{ATOM}title") == "The Daily Example"
    assert feed.findtext(f"{ATOM}id") == f"{SITE_URL}/"
    assert feed.findtext(f"{ATOM}updated")
    self_link = feed.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"{SITE_URL}{reverse('articles:feed-atom')}"
    [entry] = entries
    assert entry.findtext(f"{ATOM}title") == "General lands at desert air base"
    assert entry.find(f"{ATOM}link").get("href") == f"{SITE_URL}{story.get_absolute_url()}"
    assert entry.findtext(f"{ATOM}id").startswith("tag:news.example.org,")
    assert entry.findtext(f"{ATOM}summary") == "A second visit in a year."
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ana Ruiz, Ben Okafor"
    published = parse_datetime(entry.findtext(f"{ATOM}published"))
    updated = parse_datetime(entry.findtext(f"{ATOM}updated"))
    assert same_second(published, story.published_at)
    assert same_second(updated, story.modified_at)
    assert sorted(c.get("term") for c in entry.findall(f"{ATOM}category")) == [
        "Defence",
        "Israel",
    ]


def test_updated_is_publication_time_when_never_modified(client, story):
    _, [entry] = atom_entries(get_feed(client, "articles:feed-atom"))

    updated = parse_datetime(entry.findtext(f"{ATOM}updated"))
    assert same_second(updated, story.published_at)


def test_description_falls_back_to_a_plain_excerpt_of_the_body(client):
    make_article(dek="", body="<p>Rain &amp; wind hit the <em>coast</em>.</p><p>More.</p>")

    _, [item] = rss_items(get_feed(client, "articles:feed"))

    # The description is HTML, so the body's "&" arrives as "&amp;" once the XML is read.
    assert item.findtext("description") == "Rain &amp; wind hit the coast. More."


def test_description_is_escaped_as_html(client):
    make_article(dek="Prices <b>up</b> & rising")

    _, [item] = rss_items(get_feed(client, "articles:feed"))

    assert item.findtext("description") == "Prices &lt;b&gt;up&lt;/b&gt; &amp; rising"


def test_feed_has_the_twenty_newest_stories_newest_first(client):
    now = timezone.now()
    for n in range(25):
        make_article(headline=f"Story {n:02d}", published_at=now - timedelta(hours=n + 1))

    _, items = rss_items(get_feed(client, "articles:feed"))

    assert [item.findtext("title") for item in items] == [f"Story {n:02d}" for n in range(20)]


FEEDS = [
    ("articles:feed", False),
    ("articles:feed-atom", False),
    ("articles:section-feed", "section"),
    ("articles:section-feed-atom", "section"),
    ("articles:tag-feed", "tag"),
    ("articles:tag-feed-atom", "tag"),
    ("articles:person-feed", "person"),
    ("articles:person-feed-atom", "person"),
]


@pytest.fixture
def subjects():
    """A section, tag and person, each with one visible and four hidden stories."""
    section = make_section(slug="world")
    person = make_person(slug="dana-levi")
    stories = [make_article(headline="Visible story", section=section)]
    for overrides in HIDDEN:
        stories.append(make_article(headline="Hidden story", section=section, **overrides))
    for article in stories:
        article.tags.add("defence")
        article.people.add(person)
    return {"section": "world", "tag": "defence", "person": "dana-levi"}


@pytest.mark.parametrize(("name", "subject"), FEEDS, ids=[name for name, _ in FEEDS])
def test_every_feed_shows_only_published_stories_on_the_site_host(client, subjects, name, subject):
    kwargs = {"slug": subjects[subject]} if subject else {}

    response = get_feed(client, name, **kwargs)

    text = response.content.decode()
    assert "Visible story" in text
    assert "Hidden story" not in text
    links = all_links(response)
    assert links
    assert all(link.startswith(f"{SITE_URL}/") for link in links), links
    assert "internal.lan" not in text
    assert "example.com" not in text


@pytest.mark.parametrize(
    "name", [name for name, subject in FEEDS if subject], ids=[n for n, s in FEEDS if s]
)
def test_unknown_slug_is_404(client, name):
    response = client.get(reverse(name, kwargs={"slug": "no-such-thing"}))

    assert response.status_code == 404


def test_section_feed(client):
    world = make_section(name="World", slug="world", description="News from abroad.")
    make_article(headline="Abroad", section=world)
    make_article(headline="At home", section=make_section(name="National"))

    channel, items = rss_items(get_feed(client, "articles:section-feed", slug="world"))

    assert channel.findtext("title") == "The Daily Example: World"
    assert channel.findtext("description") == "News from abroad."
    assert (
        channel.findtext("link")
        == f"{SITE_URL}{reverse('articles:section-detail', args=['world'])}"
    )
    assert [item.findtext("title") for item in items] == ["Abroad"]


def test_tag_feed(client):
    make_article(headline="Tagged").tags.add("Climate")
    make_article(headline="Untagged").tags.add("Sport")

    feed, entries = atom_entries(get_feed(client, "articles:tag-feed-atom", slug="climate"))

    assert feed.findtext(f"{ATOM}title") == "The Daily Example: Climate"
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Tagged"]


def test_person_feed_has_stories_they_are_in_or_wrote_once_each(client):
    dana = make_person(name="Dana Levi", slug="dana-levi")
    now = timezone.now()
    about = make_article(headline="About Dana", published_at=now - timedelta(hours=1))
    about.people.add(dana)
    written = make_article(headline="By Dana", published_at=now - timedelta(hours=2))
    add_byline(written, dana)
    both = make_article(headline="By and about Dana", published_at=now - timedelta(hours=3))
    both.people.add(dana)
    add_byline(both, dana)
    add_byline(make_article(headline="Someone else"))

    channel, items = rss_items(get_feed(client, "articles:person-feed", slug="dana-levi"))

    assert channel.findtext("title") == "The Daily Example: Dana Levi"
    assert [item.findtext("title") for item in items] == [
        "About Dana",
        "By Dana",
        "By and about Dana",
    ]


@pytest.mark.usefixtures("render_every_time")
def test_feed_queries_do_not_grow_with_stories(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    def add_stories(count):
        for _ in range(count):
            article = make_article(section=make_section())
            for _ in range(3):
                add_byline(article)
            article.tags.add(*[f"tag-{article.pk}-{n}" for n in range(3)])

    add_stories(2)
    # Stories with sections, bylines with people, tags.
    with django_assert_max_num_queries(4) as few:
        get_feed(client, "articles:feed")

    add_stories(8)
    with django_assert_num_queries(len(few)):
        _, items = rss_items(get_feed(client, "articles:feed"))
    assert len(items) == 10
