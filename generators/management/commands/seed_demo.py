import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.models import (
    Article,
    Byline,
    Correction,
    Image,
    Organisation,
    Person,
    Place,
    Quote,
    Role,
    Section,
)
from background.worker import run_due_tasks
from generators import demo_fundraising, demo_organisations, demo_records, demo_stories
from generators.pictures import draw_picture


class Command(BaseCommand):
    help = (
        "Load the demo content (sections, people, places and stories with generated lead "
        "pictures). Safe to run again: rows that already exist, matched by slug, are left "
        "exactly as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the invented demo stories even with DEBUG off (a staging site).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo publishes invented stories; it runs only with DEBUG on. "
                "Use --force to load them anyway (never on the live site)."
            )
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        now = timezone.now()
        with transaction.atomic():
            sections = self.load_rows(Section, demo_records.SECTIONS)
            people = self.load_rows(Person, demo_records.PEOPLE)
            places = self.load_places()
            organisations = self.load_organisations()
            self.load_roles(people, organisations, today=timezone.localdate(now))
            created = sum(
                self.load_story(
                    story,
                    now=now,
                    sections=sections,
                    people=people,
                    places=places,
                    organisations=organisations,
                )
                for story in demo_stories.STORIES
            )
            demo_stories.record_first_revisions()
            # The fundraising desk needs stories to attribute pledges to: after them.
            demo_fundraising.load(now=now, say=self.say)
        # The pictures' renditions were queued as for any upload; made now, so the demo is
        # complete before the server starts (this database is the demo's alone).
        rendered = run_due_tasks(worker_id="seed-demo", quiet=True)
        stories = Article.objects.filter(
            slug__in=[story["slug"] for story in demo_stories.STORIES]
        )
        self.say(
            f"Demo content: {stories.published().count()} published, "
            f"{stories.filter(status=Article.Status.DRAFT).count()} draft, "
            f"{stories.filter(status=Article.Status.IN_REVIEW).count()} in review, "
            f"{stories.scheduled().count()} scheduled "
            f"({created} stories created, {len(demo_stories.STORIES) - created} already there; "
            f"{rendered} background tasks run; {time.monotonic() - started:.1f} s).",
            self.style.SUCCESS,
        )

    def say(self, message, style=None):
        if self.verbosity >= 1:
            self.stdout.write(style(message) if style else message)

    def load_rows(self, model, rows):
        """Get or create one row per dict, keyed by slug; return them by slug."""
        objects, created = {}, 0
        for row in rows:
            fields = dict(row)
            slug = fields.pop("slug")
            objects[slug], was_created = model.objects.get_or_create(slug=slug, defaults=fields)
            created += was_created
        label = model._meta.verbose_name_plural.capitalize()
        self.say(f"{label}: {created} created, {len(rows) - created} already there.")
        return objects

    def load_places(self):
        places, created = {}, 0
        for row in demo_records.PLACES:
            fields = dict(row)
            slug = fields.pop("slug")
            parent = fields.pop("parent", None)
            fields["parent"] = places[parent] if parent else None
            fields.update(demo_organisations.PLACE_IDS.get(slug, {}))
            places[slug], was_created = Place.objects.get_or_create(slug=slug, defaults=fields)
            created += was_created
        self.say(f"Places: {created} created, {len(demo_records.PLACES) - created} already there.")
        return places

    def load_organisations(self):
        organisations, created = {}, 0
        for row in demo_organisations.ORGANISATIONS:
            fields = dict(row)
            slug = fields.pop("slug")
            parent = fields.pop("parent", None)
            fields["parent"] = organisations[parent] if parent else None
            organisations[slug], was_created = Organisation.objects.get_or_create(
                slug=slug, defaults=fields
            )
            created += was_created
        total = len(demo_organisations.ORGANISATIONS)
        self.say(f"Organisations: {created} created, {total - created} already there.")
        return organisations

    def load_roles(self, people, organisations, *, today):
        """Each person's titles over time, dated back from `today`; a role already there
        (same person and title) is left alone."""
        created = 0
        for person, organisation, title, began, ended in demo_organisations.ROLES:
            _, was_created = Role.objects.get_or_create(
                person=people[person],
                title=title,
                defaults={
                    "organisation": organisations[organisation],
                    "started_on": today - timedelta(days=began),
                    "ended_on": None if ended is None else today - timedelta(days=ended),
                },
            )
            created += was_created
        total = len(demo_organisations.ROLES)
        self.say(f"Roles: {created} created, {total - created} already there.")

    def load_story(self, story, *, now, sections, people, places, organisations):
        """Create one story with everything hanging off it; leave an existing one alone."""
        if Article.objects.filter(slug=story["slug"]).exists():
            self.say(f"  exists   {story['slug']}")
            return False
        section = sections[story["section"]]
        offset = story["published_at"]
        article = Article.objects.create(
            headline=story["headline"],
            slug=story["slug"],
            dek=story["dek"],
            body=" ".join(story["body"].split()),
            section=section,
            status=story["status"],
            published_at=None if offset is None else now + offset,
            dateline=places[story["dateline"]] if story.get("dateline") else None,
            lead_image=self.make_lead_image(story, section),
            source=organisations[story["source"]] if story.get("source") else None,
            source_url=story.get("source_url", ""),
            source_published_at=None
            if offset is None or not story.get("source")
            else now + offset,
        )
        article.people.set([people[slug] for slug in story.get("people", [])])
        article.places.set([places[slug] for slug in story.get("places", [])])
        article.organisations.set(
            [
                organisations[slug]
                for slug in demo_organisations.STORY_ORGANISATIONS.get(story["slug"], [])
            ]
        )
        article.tags.add(*story.get("tags", []))
        for order, (slug, role) in enumerate(story["bylines"], start=1):
            Byline.objects.create(article=article, person=people[slug], role=role, order=order)
        for order, quote in enumerate(story.get("quotes", []), start=1):
            Quote.objects.create(
                article=article,
                speaker=people[quote["speaker"]],
                text=quote["text"],
                context=quote.get("context", ""),
                order=order,
            )
        for correction in story.get("corrections", []):
            Correction.objects.create(
                article=article,
                kind=correction["kind"],
                text=correction["text"],
                published_at=article.published_at + correction["after"],
            )
        workflow.record_transition(
            article=article, from_status=None, by=None, note=story.get("note", "")
        )
        self.say(f"  created  {story['slug']} ({section.name}, {article.get_status_display()})")
        return True

    def make_lead_image(self, story, section):
        colour, colour_name = demo_records.SECTION_COLOURS[section.slug]
        data, shapes = draw_picture(story["slug"], colour)
        image = Image(
            file=ContentFile(data, name=f"{story['slug'][:80]}.jpg"),
            alt_text=f"Abstract illustration: {shapes} over a {colour_name} gradient.",
            caption=story["image_caption"],
            credit=demo_records.IMAGE_CREDIT,
        )
        image.save()
        return image
