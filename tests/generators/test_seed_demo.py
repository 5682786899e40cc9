import io
import re
import shutil
import tempfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from articles import images
from articles.models import Article, Rendition, Section
from donations import appeals
from donations.models import AppealStat, Campaign, Pledge
from generators import demo_stories
from tests.factories import make_article

RENDITION_FORMATS = {Rendition.Format.WEBP, Rendition.Format.JPEG} | (
    {Rendition.Format.AVIF} if images.makes_avif() else set()
)


def seed_demo():
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


class SeedDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The autouse media_root fixture is per test; the pictures are made once, here.
        media_root = tempfile.mkdtemp(prefix="newsroom-demo-media-")
        cls.addClassCleanup(shutil.rmtree, media_root, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media_root))
        cls.output = seed_demo()

    def headline_story(self):
        """The story shaped like shared/seed/article.txt: the most recent one."""
        return Article.objects.published().for_page().first()

    def test_loads_published_draft_and_scheduled_stories(self):
        published = Article.objects.published()
        assert published.count() >= 12
        assert Section.objects.filter(articles__in=published).distinct().count() >= 3
        assert Article.objects.filter(status=Article.Status.DRAFT).count() == 1
        scheduled = Article.objects.scheduled().get()
        assert scheduled not in published
        late = Article.objects.get(status=Article.Status.IN_REVIEW)
        assert late.published_at < timezone.now() and late not in published
        assert "12 published, 1 draft, 1 in review, 1 scheduled" in self.output

    def test_every_published_story_is_complete(self):
        for article in Article.objects.published().for_page():
            image = article.lead_image
            assert image is not None, article.slug
            assert image.alt_text and image.caption and image.credit, article.slug
            assert (image.width, image.height) == (1600, 900)
            formats = {rendition.format for rendition in image.renditions.all()}
            assert formats == RENDITION_FORMATS, article.slug
            assert article.section is not None, article.slug
            bylines = article.bylines.all()
            assert bylines, article.slug
            assert [byline.order for byline in bylines] == list(range(1, len(bylines) + 1))
            assert article.body.startswith("<p>"), article.slug

    def test_headline_story_has_the_shape_of_the_seed_story(self):
        article = self.headline_story()
        assert article.dateline.name == "Nevatim Air Base"
        assert article.dateline.parent.name == "Israel"
        assert {article.dateline, article.dateline.parent} <= set(article.places.all())
        people = list(article.people.all())
        assert len(people) == 5
        assert any(person.honorific == "Lt. Gen." for person in people)
        quotes = list(article.quotes.all())
        assert [quote.order for quote in quotes] == [1, 2]
        for quote in quotes:
            assert quote.speaker in people
            in_paragraph = rf"<p>[^<]*“{re.escape(quote.text)}”[^<]*</p>"
            assert re.search(in_paragraph, article.body), quote.text
        assert article.tags.exists()

    def test_headline_story_has_five_officials_each_with_a_title_of_its_day(self):
        article = self.headline_story()
        day = article.day
        officials = [person for person in article.people.all() if person.roles.exists()]
        assert len(officials) == 5
        for person in officials:
            role = person.role_on(day)
            assert role is not None and role.organisation is not None, person.name
            # Each had an earlier post, over by the story's day: the story must not print it.
            assert person.roles.ended_before(day).exists(), person.name
        assert [o.slug for o in article.organisations.all()] == [
            "israel-defense-forces",
            "joint-chiefs-of-staff",
            "mossad",
        ]
        israel = article.places.get(slug="israel")
        assert (israel.wikidata_id, israel.geonames_id) == ("Q801", "294640")
        assert "Organisations: 9 created" in self.output
        assert "Roles: 13 created" in self.output

    def test_second_run_creates_and_changes_nothing(self):
        models = apps.get_models()
        counts = {model._meta.label: model.objects.count() for model in models}
        times = dict(Article.objects.values_list("slug", "published_at"))
        updated = dict(Article.objects.values_list("slug", "updated_at"))

        output = seed_demo()

        assert {model._meta.label: model.objects.count() for model in models} == counts
        assert dict(Article.objects.values_list("slug", "published_at")) == times
        assert dict(Article.objects.values_list("slug", "updated_at")) == updated
        assert "(0 stories created, 15 already there" in output

    def test_headline_story_page_is_readable(self):
        article = self.headline_story()

        response = self.client.get(article.get_absolute_url())

        assert response.status_code == 200
        html = response.content.decode()
        assert article.headline in html
        assert "NEVATIM AIR BASE</a>, Israel —" in html
        assert article.quotes.first().text in html

    def test_fundraising_demo_has_a_general_and_a_section_campaign(self):
        general = Campaign.objects.get(slug="reader-funded-2027")
        climate = Campaign.objects.get(slug="climate-desk")
        assert general.targets_all and general.default_frequency == "monthly"
        assert list(climate.sections.values_list("slug", flat=True)) == ["climate"]
        assert Pledge.objects.count() == 330
        attributed = Pledge.objects.filter(article__isnull=False)
        assert attributed.count() > Pledge.objects.count() // 2
        # Nobody pledged from a story before it was published.
        for pledge in attributed.select_related("article"):
            assert pledge.article.published_at <= pledge.created_at
        assert AppealStat.objects.filter(views__gt=0).count() > 20

        seed_story = self.headline_story()
        assert appeals.appeal_for(seed_story).campaign == general
        climate_story = Article.objects.published().for_page().filter(section__slug="climate")
        assert appeals.appeal_for(climate_story.first()).campaign == climate
        assert appeals.current_general_campaign() == general

    def test_second_run_adds_no_pledges(self):
        before = Pledge.objects.count()
        output = seed_demo()
        assert Pledge.objects.count() == before
        assert "exists   campaign reader-funded-2027" in output


class SeedDemoRefusalTests(TestCase):
    def test_refuses_without_debug_unless_forced(self):
        with self.assertRaisesMessage(CommandError, "runs only with DEBUG on"):
            call_command("seed_demo", stdout=io.StringIO())
        assert Article.objects.count() == 0


@pytest.mark.django_db
def test_demo_stories_get_a_first_revision_once():
    article = make_article(slug=demo_stories.STORIES[0]["slug"])
    other = make_article()
    demo_stories.record_first_revisions()
    demo_stories.record_first_revisions()
    assert list(article.revisions.values_list("number", "summary")) == [(1, "Demo content")]
    assert not other.revisions.exists()
