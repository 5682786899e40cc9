"""Stories credited to an agency or another publication: the admin form, the page, the
feeds, the JSON-LD and the canonical link."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import restoring, revisions
from articles.models import Article, Byline, Organisation, Revision
from tests.articles.admin_data import article_post, change_post
from tests.articles.record_factories import make_organisation
from tests.articles.test_proposals import review_url
from tests.articles.test_structured_data import SITE, parse
from tests.factories import add_byline, make_article, make_person, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_site")]

ORIGINAL = "https://www.jns.example/2026/12/05/hostages-talks"
ORIGINAL_AT = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)


def make_agency(**overrides):
    fields = {"name": "JNS", "slug": "jns", "kind": Organisation.Kind.AGENCY}
    return make_organisation(**fields | overrides)


def wire_story(**overrides):
    fields = {
        "headline": "Talks resume in Cairo",
        "source_url": ORIGINAL,
        "source_published_at": ORIGINAL_AT,
    }
    if "source" not in overrides:
        fields["source"] = make_agency()
    return make_article(**fields | overrides)


def json_ld(response):
    return [json.loads(block) for block in parse(response).json_ld][0]


def test_editor_credits_a_story_to_an_agency_through_the_admin_form(editor_client):
    agency = make_agency()
    form = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    for name in ["source", "source_url", "source_published_at_0"]:
        assert f'name="{name}"' in form, name

    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_post(
            source=str(agency.pk),
            source_url=ORIGINAL,
            source_published_at_0="2026-12-05",
            source_published_at_1="11:30:00",
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    story = Article.objects.get()
    assert story.source == agency and story.source_url == ORIGINAL
    assert story.source_published_at is not None
    assert not story.bylines.exists()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"source_url": ORIGINAL}, "Say which agency or publication"),
        ({"source": "government"}, "Select a valid choice"),
    ],
)
def test_the_form_refuses_an_original_without_a_source_or_a_source_of_another_kind(
    editor_client, fields, message
):
    if fields.get("source") == "government":
        ministry = make_organisation(kind=Organisation.Kind.GOVERNMENT)
        fields = {"source": str(ministry.pk)}

    response = editor_client.post(reverse("admin:articles_article_add"), article_post(**fields))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_a_story_by_the_agency_alone_reads_agency_staff(client):
    story = wire_story()

    response = client.get(story.get_absolute_url())

    html = response.content.decode()
    assert '<span class="byline"><a href="/organisations/jns/">JNS</a> staff</span>' in html
    assert f'Originally published by <a href="{ORIGINAL}" rel="noopener">JNS</a>' in html
    assert 'datetime="2026-12-05T' in html
    # Our copy is the canonical one unless the licence says otherwise.
    assert parse(response).canonical() == [SITE + story.get_absolute_url()]


def test_people_beside_the_agency_and_the_foot_credits(client):
    story = wire_story()
    add_byline(story, make_person(name="Jane Doe"), role=Byline.Role.WIRE)
    add_byline(story, make_person(name="Ben Ali"), role=Byline.Role.TRANSLATOR, order=2)

    html = client.get(story.get_absolute_url()).content.decode()

    assert '>Jane Doe</a>, <a href="/organisations/jns/">JNS</a></span>' in html
    assert "Translated by: <a" in html and "Ben Ali</a>" in html.split("byline")[-1]
    assert story.credit_line == "Jane Doe, JNS"


def test_the_canonical_link_points_to_the_original_when_the_licence_asks(client):
    story = wire_story(source=make_agency(canonical_to_original=True))

    assert parse(client.get(story.get_absolute_url())).canonical() == [ORIGINAL]


def test_json_ld_names_the_source_and_the_original(client):
    story = wire_story()

    data = json_ld(client.get(story.get_absolute_url()))

    agency = {
        "@type": "Organization",
        "@id": f"{SITE}/organisations/jns/#organization",
        "name": "JNS",
        "url": f"{SITE}/organisations/jns/",
    }
    assert data["sourceOrganization"] == agency
    assert data["author"] == [agency]
    assert data["isBasedOn"] == {
        "@type": "NewsArticle",
        "url": ORIGINAL,
        "datePublished": timezone.localtime(ORIGINAL_AT).isoformat(),
        "publisher": agency,
    }


def test_json_ld_of_our_own_story_has_no_source(client):
    story = make_article()
    add_byline(story, make_person(name="Ana Ruiz"))

    data = json_ld(client.get(story.get_absolute_url()))

    assert "sourceOrganization" not in data and "isBasedOn" not in data
    assert [author["name"] for author in data["author"]] == ["Ana Ruiz"]


def test_feeds_carry_the_credit(client):
    story = wire_story(published_at=timezone.now() - timedelta(minutes=5))
    add_byline(story, make_person(name="Jane Doe"), role=Byline.Role.WIRE)
    make_article(headline="Agency alone", source=Organisation.objects.get(slug="jns"))

    rss = client.get(reverse("articles:feed")).content.decode()
    atom = client.get(reverse("articles:feed-atom")).content.decode()

    assert "Jane Doe, JNS" in rss and "JNS staff" in rss
    assert "<name>Jane Doe, JNS</name>" in atom
    assert "Originally published by JNS." in rss


def test_stories_partners_may_take_follow_the_source_licence():
    own = make_article()
    free = wire_story(source=make_agency(slug="free", may_resyndicate=True))
    wire_story(source=make_agency(slug="closed"))

    assert set(Article.objects.licensed_for_partners()) == {own, free}


def test_a_credit_proposed_by_its_journalist_is_published_by_an_editor(editor_client):
    writer = make_user("journalist")
    story = make_article(created_by=writer)
    agency = make_agency()
    writer_client = Client()
    writer_client.force_login(writer)
    writer_client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        change_post(story, source=str(agency.pk), source_url=ORIGINAL, workflow_note="Wire"),
    )
    story.refresh_from_db()
    assert story.source is None  # the live story waits for an editor

    page = editor_client.get(review_url(story)).content.decode()
    assert "<ins>JNS</ins>" in page
    editor_client.post(review_url(story), {"note": "Yes, it was JNS copy."})

    story.refresh_from_db()
    assert story.source == agency and story.source_url == ORIGINAL
    # A revision kept before stories had credits leaves the credit as it is.
    kept = revisions.snapshot(story) | {"headline": "Before credits"}
    for name in ("source", "source_url", "source_published_at"):
        del kept[name]
    old = Revision.objects.create(article=story, number=99, data=kept)
    restoring.restore(revision=old, by=None)
    story.refresh_from_db()
    assert story.headline == "Before credits" and story.source == agency
