"""What search engines and link previews read: JSON-LD, OpenGraph, Twitter, canonical."""

import json
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from tests.articles.record_factories import add_role, make_organisation
from tests.articles.seeded_demo import SeededDemoTestCase
from tests.conftest import PUBLIC_SITE_URL
from tests.factories import (
    add_byline,
    add_quote,
    make_article,
    make_image,
    make_person,
    make_place,
    make_section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]

SITE = PUBLIC_SITE_URL


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and JSON-LD <script> elements from a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = [], [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def properties(self, key):
        """{name: [content, ...]} for <meta property=...> (key "property") or name=..."""
        found = {}
        for attrs in self.meta:
            if key in attrs:
                found.setdefault(attrs[key], []).append(attrs["content"])
        return found

    def canonical(self):
        return [link["href"] for link in self.links if link.get("rel") == "canonical"]


def parse(response):
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def absolute(path):
    return SITE + path


def seconds(moment):
    return moment.replace(microsecond=0)


@pytest.fixture
def story():
    """A story with everything structured data describes, two of most things."""
    section = make_section(name="World", slug="world")
    article = make_article(
        headline="General lands at desert air base",
        slug="general-lands",
        dek="A second visit in a year.",
        section=section,
        lead_image=make_image(alt_text="A plane on the runway at dawn."),
        dateline=make_place(name="Nevatim Air Base", parent=make_place(name="Israel")),
        published_at=timezone.now() - timedelta(hours=3),
        modified_at=timezone.now() - timedelta(hours=1),
    )
    ana = add_byline(article, make_person(name="Ana Ruiz", slug="ana-ruiz")).person
    ben = add_byline(article, make_person(name="Ben Okafor", slug="ben-okafor")).person
    add_byline(article, make_person(slug="photo-desk"), role=Byline.Role.PHOTOGRAPHER)
    dan = make_person(
        honorific="Lt. Gen.", name="Dan Ofer", slug="dan-ofer", role="Chief", wikidata_id="Q42"
    )
    army = make_organisation(
        name="Israel Defense Forces", slug="idf", kind="military", wikidata_id="Q123"
    )
    # The title of the story's day, not the one before nor the one after.
    add_role(dan, army, title="Commander, South", ended_on=date.today() - timedelta(days=30))
    add_role(dan, army, title="Chief of Staff", started_on=date.today() - timedelta(days=29))
    add_role(dan, title="Ambassador", started_on=date.today() + timedelta(days=30))
    maya = make_person(name="Maya Stern", slug="maya-stern", role="Mayor")
    article.people.add(dan, maya)
    article.organisations.add(army)
    article.places.add(
        make_place(
            name="Beersheba",
            slug="beersheba",
            latitude=Decimal("31.25181"),
            longitude=Decimal("34.79130"),
            wikidata_id="Q180123",
            geonames_id="295530",
        )
    )
    add_quote(article, dan, text="We are ready.")
    add_quote(article, maya, text="The town is proud.")
    article.tags.add("Defence", "Diplomacy")
    return {"article": article, "authors": [ana, ben], "people": [dan, maya]}


def test_story_page_describes_itself_as_a_news_article(client, story):
    article = story["article"]
    page = parse(client.get(article.get_absolute_url()))

    assert len(page.json_ld) == 1
    data = json.loads(page.json_ld[0])
    url = absolute(article.get_absolute_url())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "General lands at desert air base"
    assert data["description"] == "A second visit in a year."
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["url"] == url
    assert data["articleSection"] == "World"
    assert sorted(data["keywords"]) == ["Defence", "Diplomacy"]
    assert data["dateline"] == "Nevatim Air Base, Israel"
    assert datetime.fromisoformat(data["datePublished"]) == seconds(article.published_at)
    assert datetime.fromisoformat(data["dateModified"]) == seconds(article.modified_at)

    image = article.lead_image
    widths = sorted({r.width for r in image.renditions.all()}, reverse=True)
    assert len(widths) > 1
    assert len(data["image"]) == len(widths)
    for url_, width in zip(data["image"], widths, strict=True):
        assert url_.startswith(f"{SITE}/media/renditions/{image.pk}/")
        rendition = image.renditions.get(width=width, format=image.fallback_format)
        assert url_ == absolute(rendition.file.url)

    assert data["author"] == [
        {
            "@type": "Person",
            "@id": f"{SITE}/people/{person.slug}/#person",
            "name": person.name,
            "jobTitle": "Spokesperson",
            "url": absolute(reverse("articles:author-detail", args=[person.slug])),
        }
        for person in story["authors"]
    ]

    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "The Daily Example"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"] == f"{SITE}/static/img/logo.png"
    assert client.get("/static/img/logo.png").status_code == 200

    beersheba = {
        "@type": "Place",
        "@id": f"{SITE}/places/beersheba/#place",
        "name": "Beersheba",
        "url": f"{SITE}/places/beersheba/",
        "geo": {"@type": "GeoCoordinates", "latitude": 31.25181, "longitude": 34.7913},
        "sameAs": [
            "https://www.wikidata.org/wiki/Q180123",
            "https://sws.geonames.org/295530/",
        ],
    }
    army = {
        "@type": "Organization",
        "@id": f"{SITE}/organisations/idf/#organization",
        "name": "Israel Defense Forces",
        "url": f"{SITE}/organisations/idf/",
        "sameAs": ["https://www.wikidata.org/wiki/Q123"],
    }
    # About: whom the story is about, people (with their title of the story's day and
    # its organisation) and organisations; it mentions its places. No record twice.
    assert data["about"] == [
        {
            "@type": "Person",
            "@id": f"{SITE}/people/dan-ofer/#person",
            "name": "Dan Ofer",
            "honorificPrefix": "Lt. Gen.",
            "jobTitle": "Chief of Staff",
            "worksFor": army,
            "url": f"{SITE}/people/dan-ofer/",
            "sameAs": ["https://www.wikidata.org/wiki/Q42"],
        },
        {
            "@type": "Person",
            "@id": f"{SITE}/people/maya-stern/#person",
            "name": "Maya Stern",
            "jobTitle": "Mayor",
            "url": f"{SITE}/people/maya-stern/",
        },
        army,
    ]
    assert data["mentions"] == [beersheba]
    assert data["contentLocation"]["name"] == "Nevatim Air Base"

    quotes = data["hasPart"]
    assert [q["@type"] for q in quotes] == ["Quotation", "Quotation"]
    assert [q["text"] for q in quotes] == ["We are ready.", "The town is proud."]
    assert [q["creator"]["name"] for q in quotes] == ["Dan Ofer", "Maya Stern"]
    assert [q["creator"]["url"] for q in quotes] == [
        f"{SITE}/people/dan-ofer/",
        f"{SITE}/people/maya-stern/",
    ]
    assert {q["isPartOf"]["@id"] for q in quotes} == {data["@id"]}


def test_every_url_in_the_structured_data_is_on_the_site_url(client, story):
    """Every address of ours is on SITE_URL; only sameAs names the authorities."""
    article = story["article"]
    response = client.get(article.get_absolute_url(), HTTP_HOST="localhost")
    data = json.loads(parse(response).json_ld[0])

    urls = re.findall(r'"(https?://[^"]+)"', json.dumps(data))
    assert len(urls) > 10
    authorities = {"www.wikidata.org", "sws.geonames.org"}
    for url in urls:
        if url == "https://schema.org":
            continue
        assert urlsplit(url).netloc in {"news.example.org", *authorities}, url
    same_as = re.findall(r'"sameAs": \[([^\]]*)\]', json.dumps(data))
    assert same_as
    for url in re.findall(r'"(https?://[^"]+)"', " ".join(same_as)):
        assert urlsplit(url).netloc in authorities


def test_places_without_coordinates_have_no_geo_and_no_dek_describes_by_the_body(client):
    article = make_article(dek="", body="<p>First&nbsp;line.</p><p>Second <em>line</em>.</p>")
    article.places.add(make_place(name="Somewhere", slug="somewhere"))
    data = json.loads(parse(client.get(article.get_absolute_url())).json_ld[0])
    assert data["mentions"] == [
        {
            "@type": "Place",
            "@id": f"{SITE}/places/somewhere/#place",
            "name": "Somewhere",
            "url": f"{SITE}/places/somewhere/",
        }
    ]
    assert "about" not in data
    assert data["description"] == "First line. Second line."
    assert "image" not in data
    assert data["dateModified"] == data["datePublished"]


def test_a_headline_cannot_close_the_script_element(client):
    headline = 'Hack </script><script>alert("x")</script> & <!-- more'
    article = make_article(headline=headline, dek="</SCRIPT> in the dek")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script is not None
    assert "<" not in script.group(1)
    assert ">" not in script.group(1)
    assert "<script>alert" not in html
    data = json.loads(script.group(1))
    assert data["headline"] == headline
    assert data["description"] == "</SCRIPT> in the dek"


def test_story_page_has_opengraph_twitter_canonical_and_description(client, story):
    article = story["article"]
    page = parse(client.get(article.get_absolute_url(), HTTP_HOST="localhost"))
    url = absolute(article.get_absolute_url())
    share = article.lead_image.fallback()

    assert page.canonical() == [url]
    names = page.properties("name")
    assert names["description"] == ["A second visit in a year."]
    og = page.properties("property")
    assert og["og:type"] == ["article"]
    assert og["og:title"] == ["General lands at desert air base"]
    assert og["og:description"] == ["A second visit in a year."]
    assert og["og:url"] == [url]
    assert og["og:site_name"] == ["The Daily Example"]
    assert og["og:image"] == [absolute(share.file.url)]
    assert urlsplit(og["og:image"][0]).netloc == "news.example.org"
    assert og["og:image:width"] == [str(share.width)]
    assert og["og:image:height"] == [str(share.height)]
    assert og["og:image:alt"] == ["A plane on the runway at dawn."]
    published, modified = og["article:published_time"][0], og["article:modified_time"][0]
    assert datetime.fromisoformat(published) == seconds(article.published_at)
    assert datetime.fromisoformat(modified) == seconds(article.modified_at)
    assert og["article:section"] == ["World"]
    assert sorted(og["article:tag"]) == ["Defence", "Diplomacy"]
    assert og["article:author"] == [f"{SITE}/authors/ana-ruiz/", f"{SITE}/authors/ben-okafor/"]

    assert names["twitter:card"] == ["summary_large_image"]
    assert names["twitter:title"] == ["General lands at desert air base"]
    assert names["twitter:description"] == ["A second visit in a year."]
    assert names["twitter:image"] == [absolute(share.file.url)]
    assert names["twitter:image:alt"] == ["A plane on the runway at dawn."]


def test_home_page_describes_the_site_and_its_publisher(client):
    make_article()
    page = parse(client.get(reverse("articles:home"), HTTP_HOST="localhost"))

    assert page.canonical() == [f"{SITE}/"]
    assert page.properties("name")["description"][0].startswith("The Daily Example")
    assert len(page.json_ld) == 1
    graph = {node["@type"]: node for node in json.loads(page.json_ld[0])["@graph"]}
    assert graph["WebSite"]["url"] == f"{SITE}/"
    assert graph["WebSite"]["name"] == "The Daily Example"
    assert graph["WebSite"]["publisher"] == {"@id": graph["NewsMediaOrganization"]["@id"]}
    search = graph["WebSite"]["potentialAction"]
    assert search["target"]["urlTemplate"] == f"{SITE}/search/?q={{search_term_string}}"
    assert graph["NewsMediaOrganization"]["name"] == "The Daily Example"
    assert graph["NewsMediaOrganization"]["logo"]["url"] == f"{SITE}/static/img/logo.png"


@pytest.mark.parametrize(
    ("url_name", "json_ld"),
    [("section-detail", []), ("tag-detail", []), ("person-detail", ["Person"])],
)
def test_other_pages_have_a_canonical_link_and_a_description(client, url_name, json_ld):
    section = make_section(slug="world")
    person = make_person(slug="dan-ofer")
    article = make_article(section=section)
    article.people.add(person)
    article.tags.add("Defence")
    slug = {"section-detail": "world", "tag-detail": "defence", "person-detail": "dan-ofer"}

    path = reverse(f"articles:{url_name}", args=[slug[url_name]])
    page = parse(client.get(path, {"page": "1", "utm_source": "x"}, HTTP_HOST="localhost"))

    assert page.canonical() == [SITE + path]
    assert page.properties("name")["description"]
    assert [json.loads(data)["@type"] for data in page.json_ld] == json_ld


def test_later_pages_of_a_list_keep_their_page_number_in_the_canonical(client):
    section = make_section(slug="world")
    for _ in range(21):
        make_article(section=section)
    path = reverse("articles:section-detail", args=["world"])
    assert parse(client.get(path, {"page": "2"})).canonical() == [f"{SITE}{path}?page=2"]


class SeedShapedStoryTests(SeededDemoTestCase):
    """The demo story shaped like ../shared/seed/article.txt: five officials, each with the
    title that was theirs on the story's day, and authority ids in its JSON-LD."""

    def setUp(self):
        self.article = Article.objects.get(
            slug="us-military-chief-lands-in-southern-israel-for-security-talks"
        )
        self.response = self.client.get(self.article.get_absolute_url())

    def test_each_official_shows_the_title_of_the_day(self):
        html = self.response.content.decode()
        for title in [
            "Chairman of the Joint Chiefs of Staff",
            "Chief of the General Staff, Israel Defense Forces",
            "Defence Minister, Government of Israel",
            "Director of the Mossad",
            "Prime Minister, Government of Israel",
        ]:
            assert f"· {title}</span>" in html, title
        # Titles their records say had ended by then are nowhere on the page.
        for past in ["Commander of the Southern Command", "Leader of the opposition"]:
            assert past not in html

    def test_json_ld_has_about_mentions_and_same_as(self):
        data = json.loads(parse(self.response).json_ld[0])
        people = {node["name"]: node for node in data["about"] if node["@type"] == "Person"}
        assert people["Amnon Regev"]["jobTitle"] == "Chief of the General Staff"
        assert people["Amnon Regev"]["worksFor"]["name"] == "Israel Defense Forces"
        assert people["Avraham Golan"]["jobTitle"] == "Prime Minister"
        assert people["Thomas Whitcombe"]["worksFor"]["@id"].endswith(
            "/organisations/joint-chiefs-of-staff/#organization"
        )
        organisations = [node["name"] for node in data["about"] if node["@type"] != "Person"]
        assert organisations == ["Israel Defense Forces", "Joint Chiefs of Staff", "Mossad"]
        places = {node["name"]: node for node in data["mentions"]}
        assert places["Israel"]["sameAs"] == [
            "https://www.wikidata.org/wiki/Q801",
            "https://sws.geonames.org/294640/",
        ]
        ids = [node["@id"] for node in data["about"] + data["mentions"]]
        assert len(ids) == len(set(ids))  # no record both about and mentioned

    def test_the_wire_story_is_credited_to_its_agency_not_our_journalist(self):
        html = self.response.content.decode()
        assert "Jewish News Syndicate</a> staff</span>" in html
        assert "Additional reporting: <a" in html
        data = json.loads(parse(self.response).json_ld[0])
        assert data["sourceOrganization"]["name"] == "Jewish News Syndicate"
        assert [author["name"] for author in data["author"]] == ["Jewish News Syndicate"]
