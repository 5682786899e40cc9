"""An editor's correction, clarification or update note: on the page, in the story's
updated time, in feeds, sitemaps and JSON-LD."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article, Correction
from tests.articles.admin_data import change_post, change_url, inline_management
from tests.articles.test_structured_data import parse as parse_head
from tests.factories import add_correction, make_article, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def editor_adds_note(client, story, *, kind="correction", text, when=None):
    """An editor adds one note in the story's form and saves; the reader's client is
    logged out again afterwards."""
    client.force_login(make_user("editor"))
    when = timezone.localtime(when or timezone.now())
    data = change_post(story)
    data.update(inline_management("corrections", total=1))
    data.update(
        {
            "corrections-0-kind": kind,
            "corrections-0-text": text,
            "corrections-0-published_at_0": when.strftime("%Y-%m-%d"),
            "corrections-0-published_at_1": when.strftime("%H:%M:%S"),
        }
    )
    response = client.post(change_url(story), data)
    assert response.status_code == 302, response.context["errors"]
    client.logout()
    story.refresh_from_db()
    return story


@pytest.fixture
def story():
    return make_article(
        headline="Ferry returns to the river",
        published_at=timezone.now() - timedelta(days=2),
    )


def test_editor_note_shows_on_the_page_and_moves_the_updated_time(client, story):
    before = timezone.now().replace(microsecond=0)
    story = editor_adds_note(client, story, text="An earlier version gave the wrong fare.")

    assert story.modified_at >= before
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Corrections and updates" in html
    assert "An earlier version gave the wrong fare." in html
    assert "Updated" in html


def test_note_shows_in_json_ld_with_date_modified(client, story):
    story = editor_adds_note(client, story, kind="update", text="The council confirmed it.")
    head = parse_head(client.get(story.get_absolute_url()))
    article = next(d for d in map(json.loads, head.json_ld) if d["@type"] == "NewsArticle")
    assert parse_datetime(article["dateModified"]) == story.modified_at.replace(microsecond=0)
    assert parse_datetime(article["dateModified"]) > parse_datetime(article["datePublished"])
    assert article["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Update: The council confirmed it.",
            "datePublished": article["correction"][0]["datePublished"],
        }
    ]
    modified = head.properties("property")["article:modified_time"]
    assert parse_datetime(modified[0]) == parse_datetime(article["dateModified"])


def test_note_appears_in_rss_and_atom_with_the_new_updated_time(client, story):
    story = editor_adds_note(client, story, text="The fare is £3, not £5.")
    rss = ET.fromstring(client.get(reverse("articles:feed")).content)  # noqa: S314
    item = rss.find("channel/item")
    assert "<strong>Correction</strong>" in item.findtext("description")
    assert "The fare is £3, not £5." in item.findtext("description")
    atom = ET.fromstring(client.get(reverse("articles:feed-atom")).content)  # noqa: S314
    entry = atom.find(f"{ATOM}entry")
    updated = parse_datetime(entry.findtext(f"{ATOM}updated"))
    assert updated == story.modified_at
    assert "The fare is £3, not £5." in entry.findtext(f"{ATOM}summary")


def test_note_moves_the_sitemap_lastmod(client, story):
    story = editor_adds_note(client, story, text="A name was misspelled.")
    month = timezone.localtime(story.published_at)
    part = reverse("sitemap-stories", kwargs={"year": f"{month:%Y}", "month": f"{month:%m}"})
    sitemap = ET.fromstring(client.get(part).content)  # noqa: S314
    lastmods = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in sitemap}
    url = f"https://news.example.org{story.get_absolute_url()}"
    assert lastmods[url] == timezone.localtime(story.modified_at).date().isoformat()
    assert story.modified_at.date() != story.published_at.date()
    # The index gives the month the same time, so a crawler fetches the part again.
    index = ET.fromstring(client.get(reverse("sitemap")).content)  # noqa: S314
    months = {s.findtext(f"{SITEMAP}loc"): s.findtext(f"{SITEMAP}lastmod") for s in index}
    assert parse_datetime(months[f"https://news.example.org{part}"]) == story.modified_at


def test_a_backdated_note_moves_the_time_to_the_note_not_to_now(story):
    noted = timezone.now() - timedelta(hours=3)
    add_correction(story, published_at=noted)
    story.refresh_from_db()
    assert story.modified_at == noted
    # An older note later on does not move it back.
    add_correction(story, published_at=noted - timedelta(hours=1))
    story.refresh_from_db()
    assert story.modified_at == noted


def test_a_note_dated_ahead_is_hidden_until_its_time_and_never_moves_time_ahead(client, story):
    add_correction(story, text="Not yet.", published_at=timezone.now() + timedelta(days=1))
    story.refresh_from_db()
    assert story.modified_at <= timezone.now()
    assert "Not yet." not in client.get(story.get_absolute_url()).content.decode()
    rss = client.get(reverse("articles:feed")).content.decode()
    assert "Not yet." not in rss


def test_notes_on_hidden_stories_stay_hidden_in_feeds(client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    add_correction(draft, text="Draft note.")
    assert "Draft note." not in client.get(reverse("articles:feed")).content.decode()
    assert Correction.objects.published().count() == 0


@pytest.mark.usefixtures("render_every_time")
def test_feed_query_count_is_flat_with_notes(client, django_assert_max_num_queries):
    for n in range(6):
        story = make_article()
        for _ in range(n % 3):
            add_correction(story)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("articles:feed")).status_code == 200
