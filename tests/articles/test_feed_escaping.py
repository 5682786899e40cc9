"""Every feed's text arrives exactly as written once the XML is read: escaped once, never twice.

Plain-text fields (titles, the channel's description or subtitle, authors, categories) read
back as the raw text; HTML fields (an item's description, Atom's summary type="html") read
back as HTML in which the raw text is escaped once.
"""

import html
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import add_byline, add_correction, make_article, make_person, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
NAME = 'Tom & "Jerry" <Co>'
HEADLINE = 'Q&A: "Cats" <and> dogs'
DEK = "Fish & chips <b>rise</b> 5%"
NOTE = 'An earlier version named "Tom & Co" <wrongly>.'
FEEDS = ["section", "tag", "person"]


@pytest.fixture
def slugs():
    section = make_section(name=NAME, slug="awkward", description="")
    person = make_person(name=NAME, slug="awkward")
    article = make_article(
        headline=HEADLINE,
        dek=DEK,
        section=section,
        published_at=timezone.now() - timedelta(hours=1),
    )
    article.tags.add(NAME)
    article.people.add(person)
    add_byline(article, person)
    add_correction(article, text=NOTE)
    return {"section": "awkward", "person": "awkward", "tag": article.tags.get().slug}


def fetch(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def assert_html_of(markup, *texts):
    """`markup` is HTML whose text holds each of `texts` escaped exactly once."""
    for text in texts:
        assert html.escape(text, quote=False) in markup.replace("&quot;", '"')
        assert html.escape(html.escape(text, quote=False), quote=False) not in markup


@pytest.mark.parametrize("kind", FEEDS)
def test_rss_text_reads_back_as_written(client, slugs, kind):
    channel = fetch(client, f"articles:{kind}-feed", slug=slugs[kind]).find("channel")
    [item] = channel.findall("item")

    assert channel.findtext("title") == f"The Daily Example: {NAME}"
    assert NAME in channel.findtext("description")
    assert item.findtext("title") == HEADLINE
    assert item.findtext(f"{DC}creator") == NAME
    assert item.findtext("category") == NAME
    assert_html_of(item.findtext("description"), DEK, NOTE)


@pytest.mark.parametrize("kind", FEEDS)
def test_atom_text_reads_back_as_written(client, slugs, kind):
    feed = fetch(client, f"articles:{kind}-feed-atom", slug=slugs[kind])
    [entry] = feed.findall(f"{ATOM}entry")

    assert feed.findtext(f"{ATOM}title") == f"The Daily Example: {NAME}"
    assert NAME in feed.findtext(f"{ATOM}subtitle")
    assert entry.findtext(f"{ATOM}title") == HEADLINE
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == NAME
    assert entry.find(f"{ATOM}category").get("term") == NAME
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert_html_of(summary.text, DEK, NOTE)


@pytest.mark.parametrize("name", ["articles:feed", "articles:feed-atom"])
def test_site_feeds_read_back_as_written(client, slugs, name):
    root = fetch(client, name)
    titles = [el.text for el in root.iter() if el.tag in ("title", f"{ATOM}title")]
    assert HEADLINE in titles
    assert not any("&amp;" in (el.text or "") for el in root.iter() if "title" in el.tag)
