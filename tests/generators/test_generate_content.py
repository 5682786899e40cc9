"""`manage.py generate_content`: stories and pledges with every relation, the same per seed."""

import io
import re
import shutil
import tempfile

from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Lower
from django.test import TestCase, override_settings
from django.urls import reverse
from taggit.models import TaggedItem

from articles.models import Article, Correction, Image, Person, Place, Quote, Section
from articles.text_matching import fold
from donations.models import AppealStat, Campaign, Pledge
from generators.bulk_pledges import STATUSES

SMALL = ["--articles", "60", "--pledges", "300", "--images", "2"]


class TerminalOutput(io.StringIO):
    def isatty(self):
        return True


def generate(*args, stderr=None):
    """Run the command (DEBUG on, as it requires); return what it printed and drew."""
    out, err = io.StringIO(), stderr or io.StringIO()
    with override_settings(DEBUG=True):
        call_command("generate_content", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class GeneratedContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The autouse media_root fixture is per test; the pictures are made once, here.
        media_root = tempfile.mkdtemp(prefix="newsroom-generated-media-")
        cls.addClassCleanup(shutil.rmtree, media_root, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=media_root))
        cls.output, cls.progress = generate(*SMALL)

    def test_writes_the_rows_asked_for(self):
        assert Article.objects.count() == 60
        assert Pledge.objects.count() == 300
        assert Person.objects.count() == 20
        assert Section.objects.count() == 11
        assert 200 <= Place.objects.count() <= 400
        assert Image.objects.count() == 2
        assert all(image.renditions.exists() for image in Image.objects.all())
        statuses = set(Article.objects.values_list("status", flat=True))
        assert {
            Article.Status.PUBLISHED,
            Article.Status.DRAFT,
            Article.Status.IN_REVIEW,
        } <= statuses
        assert Article.objects.scheduled().exists()

    def test_generated_records_are_found_by_their_folded_names(self):
        # bulk_create() calls no save(): the generator keeps the newsroom checks' column.
        for model in (Person, Place):
            rows = list(model.objects.values_list("name", "folded_name"))
            assert rows and all(folded == fold(name) for name, folded in rows), model

    def test_summary_and_progress_report_what_was_written(self):
        published = re.search(r"([\d,]+) published", self.output).group(1)
        assert int(published.replace(",", "")) == Article.objects.published().count()
        assert "60 articles" in self.output and "300 pledges" in self.output
        # Not a terminal: one line per phase, nothing redrawn.
        assert "articles: 60 in" in self.progress and "pledges: 300 in" in self.progress
        assert "\r" not in self.progress

    def test_stories_have_every_kind_of_relation(self):
        stories = Article.objects.annotate(
            byline_count=Count("bylines", distinct=True), tag_count=Count("tags", distinct=True)
        )
        assert all(1 <= story.byline_count <= 3 for story in stories)
        assert all(1 <= story.tag_count <= 4 for story in stories)
        for story in Article.objects.prefetch_related("bylines"):
            orders = [byline.order for byline in story.bylines.all()]
            assert orders == list(range(1, len(orders) + 1)), story.slug
        assert Article.people.through.objects.exists()
        assert Article.places.through.objects.exists()
        assert Article.objects.filter(dateline__parent__isnull=False).exists()
        tagged = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(Article))
        assert tagged.count() == sum(story.tag_count for story in stories)
        with_image = Article.objects.filter(lead_image__isnull=False)
        assert with_image.count() > with_image.values("lead_image").distinct().count()
        assert Article.objects.filter(body__regex=r"^<p>").count() == 60

    def test_quotes_are_said_by_linked_people_in_the_body(self):
        quotes = Quote.objects.select_related("article", "speaker")
        assert quotes.exists()
        for quote in quotes:
            assert f"“{quote.text}”" in quote.article.body, quote.text
            assert quote.article.people.filter(pk=quote.speaker_id).exists()

    def test_corrections_move_their_story_updated_time(self):
        corrections = Correction.objects.select_related("article")
        assert corrections.exists()
        for correction in corrections:
            assert correction.article.modified_at == correction.published_at

    def test_campaigns_target_sections_tags_and_places(self):
        assert Campaign.objects.filter(targets_all=True, ends_at__isnull=True).exists()
        targeted = Campaign.objects.filter(targets_all=False)
        assert targeted.filter(sections__isnull=False).exists()
        assert targeted.filter(tags__isnull=False).exists()
        assert targeted.filter(places__isnull=False).exists()
        assert Campaign.objects.filter(ends_at__isnull=False).exists()
        assert Campaign.objects.live().count() == 2

    def test_pledges_come_from_earlier_stories_and_returning_donors(self):
        attributed = Pledge.objects.filter(article__isnull=False)
        assert 120 <= attributed.count() <= 240
        assert not attributed.filter(article__published_at__gte=F("created_at")).exists()
        assert not attributed.exclude(article__in=Article.objects.published()).exists()
        assert not Pledge.objects.filter(created_at__lt=F("campaign__starts_at")).exists()
        assert not Pledge.objects.filter(created_at__gt=F("campaign__ends_at")).exists()
        donors = Pledge.objects.aggregate(donors=Count(Lower("email"), distinct=True))["donors"]
        assert donors < 300
        assert Pledge.objects.values("reference").distinct().count() == 300
        assert {status for (status,) in Pledge.objects.values_list("status")} == set(STATUSES)
        stats = AppealStat.objects.all()
        assert stats.exists() and not stats.filter(clicks__lt=1).exists()

    def test_campaign_totals_are_counted_after_the_bulk_insert(self):
        out = io.StringIO()
        call_command("recount_totals", "--check", stdout=out)
        assert "Every campaign's totals equal its pledges." in out.getvalue()
        kept = Campaign.objects.with_totals().aggregate(pledges=Sum("pledge_count"))
        assert kept["pledges"] == Pledge.objects.counted().count() > 0

    def test_reader_pages_show_generated_content(self):
        story = Article.objects.published().filter(people__isnull=False).first()
        response = self.client.get(story.get_absolute_url())
        assert response.status_code == 200
        self.assertContains(response, story.headline)
        response = self.client.get(reverse("articles:section-detail", args=[story.section.slug]))
        assert response.status_code == 200
        person = story.people.first()
        response = self.client.get(reverse("articles:person-detail", args=[person.slug]))
        self.assertContains(response, person.name)
        word = max(story.headline.split(), key=len)
        response = self.client.get(reverse("articles:search"), {"q": word})
        assert response.status_code == 200
        self.assertContains(response, word)

    def test_a_second_run_needs_add(self):
        with self.assertRaisesMessage(CommandError, "already holds generated content"):
            generate(*SMALL)
        assert Article.objects.count() == 60

    def test_add_writes_another_run_beside_the_first(self):
        terminal = TerminalOutput()
        output, progress = generate(
            "--add", "--articles", "10", "--pledges", "20", "--images", "1", stderr=terminal
        )
        assert "Generated run 2" in output
        assert Article.objects.count() == 70 and Pledge.objects.count() == 320
        assert Article.objects.filter(slug__regex=r"-2-[0-9]+$").count() == 10
        # On a terminal the bar is redrawn in place and each phase ends its line.
        assert "\rarticles" in progress and "ETA" in progress
        assert progress.endswith("\n")


class ArgumentTests(TestCase):
    def test_negative_counts_are_refused(self):
        with self.assertRaisesMessage(CommandError, "--articles is a number of rows, 0 or more"):
            generate("--articles", "-5")
        with self.assertRaisesMessage(CommandError, "--pledges is a number of rows"):
            generate("--pledges", "-1")
        assert not Article.objects.exists()

    def test_refused_with_debug_off(self):
        with self.assertRaisesMessage(CommandError, "runs only with DEBUG on"):
            call_command("generate_content", "--articles", "1", stdout=io.StringIO())


class DeterminismTests(TestCase):
    def generated(self, seed):
        """What a run on an empty database wrote (headlines, slugs, amounts...), undone after."""
        with transaction.atomic():
            generate("--seed", str(seed), "--articles", "20", "--pledges", "40", "--images", "1")
            content = {
                "stories": list(
                    Article.objects.order_by("pk").values_list("headline", "slug", "body")
                ),
                "people": list(Person.objects.order_by("pk").values_list("name", "slug")),
                "places": list(Place.objects.order_by("pk").values_list("slug", "latitude")),
                "pledges": list(
                    Pledge.objects.order_by("pk").values_list(
                        "amount", "email", "reference", "article__slug"
                    )
                ),
            }
            transaction.set_rollback(True)
        return content

    def test_same_seed_same_content_other_seed_other_content(self):
        first, again, other = self.generated(1), self.generated(1), self.generated(2)
        assert first == again
        for kind in first:
            assert first[kind] != other[kind], kind
