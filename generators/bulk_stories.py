"""A newsroom's ten years of stories invented in bulk, for benchmarks: `generate_content`.

Ten years of stories across the sections, with bylines, people, places, quotes, tags, lead
pictures and a few corrections. Everything is drawn from `random.Random` streams seeded
with the seed, the run number and the concern ("people", "articles", ...), and times are
offsets from one `now`: the same seed on an empty database writes the same stories.

Rows are written with `bulk_create`, a batch per transaction: no query and no signal per
row. What `save()` would have done is done here instead:
- `Correction.save()` moves its story's `modified_at` to the note's time: the story is
  written with that `modified_at` already set.
- `Article.save()` records an old slug when it changes: a new story has none.
- The body is cleaned by `SanitizedHTMLField.get_db_prep_save()`, on bulk_create too.
- Search needs nothing: its GIN index is on an expression of headline, standfirst and
  body (migration 0004), which PostgreSQL computes as each row goes in.
`created_at` and `updated_at` (auto_now_add, auto_now) are the time of generation: setting
them would take a second write of every story, and with it a second pass of the search
index. Signals are not sent, so the caller forgets the cached pages afterwards.
"""

import random
from datetime import timedelta
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import reset_queries, transaction
from django.utils.text import slugify
from taggit.models import TaggedItem

from articles.models import Article, Byline, Correction, Quote
from generators import bulk_words as words
from generators.bulk_records import StoryRecords
from generators.bulk_text import lower_first

SPAN_DAYS = 3652  # ten years, leap days included
STORY = Article.Status


class Story(NamedTuple):
    """A story readers can see and that carries an appeal, as the pledges need it."""

    published_at: object
    pk: int
    section_id: int
    tag_ids: tuple
    place_ids: tuple  # its places and dateline, with every place that contains them


class Plan(NamedTuple):
    """What hangs off one written story, by index into the records' pools."""

    pk: int
    bylines: tuple  # (person, role)
    people: tuple
    places: tuple
    quotes: tuple  # (person, quote, context)
    tags: tuple
    section: int
    correction: tuple | None  # (kind, text, time)


def batches(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StoryGenerator:
    """Writes one run of stories; each step returns what it wrote, for the summary."""

    def __init__(self, *, seed, run, now, batch_size, progress):
        self.seed, self.run, self.now = seed, run, now
        self.batch_size = batch_size
        self.progress = progress
        # Slugs of a later run carry its number: "<words>-2-<n>" never meets "<words>-<n>",
        # as headlines and names have no digits.
        suffix = "" if run == 1 else f"-{run}"
        self.suffix = suffix
        self.records = StoryRecords(
            rng=self.rng, suffix=suffix, batch_size=batch_size, progress=progress
        )
        self.plans, self.stories = [], []

    def rng(self, concern):
        return random.Random(f"{self.seed}:{self.run}:{concern}")

    def make_pictures(self, count):
        return self.records.make_pictures(count, name=f"archive:{self.seed}:{self.run}")

    def make_records(self, *, people):
        """Sections and tags (shared), then this run's places and people."""
        return {
            **self.records.make_sections_and_tags(),
            **self.records.make_places(),
            **self.records.make_people(people),
        }

    # Articles ------------------------------------------------------------------------------

    def timeline(self, rng, count):
        """(status, published_at) for each story, oldest first; a few not (yet) live."""
        start, hidden = self.now - timedelta(days=SPAN_DAYS), []
        budget = count // 10
        for status, share in [
            ("draft", 200),
            ("review", 300),
            ("scheduled", 500),
            ("pulled", 1000),
        ]:
            wanted = count // share if status == "pulled" else max(1, count // share)
            hidden += [status] * min(wanted, budget - len(hidden))
        moments = []
        for _ in range(count - len(hidden)):
            # More stories in recent years, as the paper grew.
            age = (self.now - start) * rng.random() ** 1.3
            moments.append((STORY.PUBLISHED, self.now - age - timedelta(minutes=1)))
        for status in hidden:
            if status == "scheduled":
                at = self.now + timedelta(minutes=rng.randint(60, 14 * 24 * 60))
                moments.append((STORY.PUBLISHED, at))
            elif status == "pulled":
                at = self.now - timedelta(minutes=rng.randint(60, SPAN_DAYS * 24 * 60))
                moments.append((STORY.UNPUBLISHED, at))
            elif status == "review" and rng.random() < 0.5:
                # Its planned time has passed: the schedule page flags it as late.
                moments.append(
                    (STORY.IN_REVIEW, self.now - timedelta(minutes=rng.randint(5, 600)))
                )
            else:
                moments.append((STORY.IN_REVIEW if status == "review" else STORY.DRAFT, None))
        # Older stories get lower ids, as on a real site.
        return sorted(moments, key=lambda moment: moment[1] or self.now)

    def write_articles(self, count):
        rng, pool = self.rng("articles"), self.records
        timeline = self.timeline(rng, count)
        live = [
            n
            for n, (status, at) in enumerate(timeline)
            if status == STORY.PUBLISHED and at <= self.now
        ]
        corrected = set(rng.sample(live, min(len(live), max(1, count // 300)))) if live else set()
        counts = dict.fromkeys(
            ["articles", "published", "draft", "review", "scheduled", "pulled"], 0
        )
        self.progress.start("articles", count)
        for chunk in batches(range(count), self.batch_size):
            written = [self.story(rng, n, *timeline[n], corrected=n in corrected) for n in chunk]
            with transaction.atomic():
                Article.objects.bulk_create([article for article, _ in written])
            for article, plan in written:
                self.plans.append(plan._replace(pk=article.pk))
                counts[self.state(article)] += 1
                if self.state(article) == "published" and article.has_appeal:
                    places = {pk for i in plan.places for pk in pool.within[i]}
                    if article.dateline_id:
                        places.update(pool.within[pool.place_index[article.dateline_id]])
                    tag_ids = tuple(pool.tags[i].pk for i in plan.tags)
                    self.stories.append(
                        Story(
                            article.published_at,
                            article.pk,
                            article.section_id,
                            tag_ids,
                            tuple(places),
                        )
                    )
            # With DEBUG on, Django keeps every query's SQL; a batch of stories is megabytes.
            reset_queries()
            self.progress.advance(len(written))
        self.progress.finish()
        counts["articles"] = count
        return counts

    def state(self, article):
        if article.status == STORY.PUBLISHED:
            return "published" if article.published_at <= self.now else "scheduled"
        return {STORY.DRAFT: "draft", STORY.IN_REVIEW: "review"}.get(article.status, "pulled")

    def story(self, rng, n, status, published_at, *, corrected):
        """One unsaved Article and the Plan of what hangs off it."""
        pool = self.records
        section = rng.choices(range(len(pool.sections)), cum_weights=pool.section_cum)[0]
        writer = pool.writers[section]
        topic_number = rng.randrange(len(writer.topics))
        topic = writer.topics[topic_number]
        headline = writer.headline(topic)[:200]

        dateline = pool.cities[rng.choices(range(len(pool.cities)), cum_weights=pool.city_cum)[0]]
        dateline = dateline if rng.random() < 0.85 else None
        places = []
        for chance, pick in [
            (0.6, dateline),
            (0.4, pool.country_of.get(dateline)),
            (0.2, rng.choice(pool.cities)),
        ]:
            if pick is not None and pick not in places and rng.random() < chance:
                places.append(pick)

        how_many = rng.choices(range(5), weights=[15, 30, 30, 15, 10])[0]
        people = list(
            dict.fromkeys(rng.choices(pool.newsmakers, cum_weights=pool.newsmaker_cum, k=how_many))
        )
        speakers = rng.sample(
            people, min(len(people), rng.choices(range(4), weights=[30, 40, 20, 10])[0])
        )
        quotes = tuple(
            (speaker, number, rng.choice(words.QUOTE_CONTEXTS))
            for speaker, number in zip(
                speakers, rng.sample(range(len(writer.quotes)), len(speakers)), strict=True
            )
        )

        desk = pool.staff_by_section[section] or pool.reporters
        bylines = {desk[int(len(desk) * rng.random() ** 2)]: Byline.Role.AUTHOR}
        for _ in range(rng.choices(range(3), weights=[70, 22, 8])[0]):
            if pool.photographers and rng.random() < 0.3:
                bylines.setdefault(rng.choice(pool.photographers), Byline.Role.PHOTOGRAPHER)
            else:
                role = rng.choice([Byline.Role.AUTHOR, Byline.Role.CONTRIBUTOR])
                bylines.setdefault(rng.choice(pool.reporters), role)

        tags = [pool.section_tags[section][topic_number]]
        for _ in range(rng.choices(range(4), weights=[30, 35, 25, 10])[0]):
            if rng.random() < 0.5:
                extra = rng.choice(pool.section_tags[section])
            else:
                extra = pool.general_tags[
                    rng.choices(range(len(pool.general_tags)), cum_weights=pool.general_cum)[0]
                ]
            if extra not in tags:
                tags.append(extra)

        correction = None
        if corrected:
            noted = min(published_at + timedelta(minutes=rng.randint(30, 4 * 24 * 60)), self.now)
            kind = rng.choice(list(Correction.Kind))
            correction = (kind, rng.choice(words.CORRECTIONS), noted)

        body = writer.body(
            topic=topic,
            target_words=rng.randint(400, 900),
            city=pool.places[dateline].name if dateline is not None else None,
            people=[(pool.people[p].full_name, lower_first(pool.people[p].role)) for p in people],
            quotes=[
                (pool.people[p].full_name, writer.quotes[q], context) for p, q, context in quotes
            ],
        )
        article = Article(
            headline=headline,
            slug=f"{slugify(headline)[:150].strip('-')}{self.suffix}-{n + 1}",
            dek=writer.dek(topic)[:400],
            body=body,
            section_id=pool.sections[section].pk,
            status=status,
            published_at=published_at,
            lead_image_id=(
                rng.choice(pool.images).pk if pool.images and rng.random() < 0.92 else None
            ),
            dateline_id=pool.places[dateline].pk if dateline is not None else None,
            has_appeal=rng.random() < 0.96,
            # As Correction.save() would: the note's time is the story's "updated" time.
            modified_at=correction[2] if correction else None,
        )
        plan = Plan(
            0,
            tuple(bylines.items()),
            tuple(people),
            tuple(places),
            quotes,
            tuple(tags),
            section,
            correction,
        )
        return article, plan

    # Relations -----------------------------------------------------------------------------

    def write_relations(self):
        """Bylines, people, places, quotes, tags and corrections of every written story."""
        pool = self.records
        tagged_as = ContentType.objects.get_for_model(Article)
        people_through, places_through = Article.people.through, Article.places.through
        counts = dict.fromkeys(["bylines", "people", "places", "quotes", "tags", "corrections"], 0)
        self.progress.start("relations", len(self.plans))
        for chunk in batches(self.plans, self.batch_size):
            rows = {key: [] for key in counts}
            for plan in chunk:
                pk = plan.pk
                rows["bylines"] += [
                    Byline(article_id=pk, person_id=pool.people[p].pk, role=role, order=order)
                    for order, (p, role) in enumerate(plan.bylines, start=1)
                ]
                rows["people"] += [
                    people_through(article_id=pk, person_id=pool.people[p].pk) for p in plan.people
                ]
                rows["places"] += [
                    places_through(article_id=pk, place_id=pool.places[p].pk) for p in plan.places
                ]
                rows["quotes"] += [
                    Quote(
                        article_id=pk,
                        speaker_id=pool.people[p].pk,
                        text=pool.writers[plan.section].quotes[q],
                        context=context,
                        order=order,
                    )
                    for order, (p, q, context) in enumerate(plan.quotes, start=1)
                ]
                rows["tags"] += [
                    TaggedItem(content_type_id=tagged_as.pk, object_id=pk, tag_id=pool.tags[t].pk)
                    for t in plan.tags
                ]
                if plan.correction:
                    kind, text, noted = plan.correction
                    rows["corrections"].append(
                        Correction(article_id=pk, kind=kind, text=text, published_at=noted)
                    )
            with transaction.atomic():
                for model, key in [
                    (Byline, "bylines"),
                    (people_through, "people"),
                    (places_through, "places"),
                    (Quote, "quotes"),
                    (TaggedItem, "tags"),
                    (Correction, "corrections"),
                ]:
                    model.objects.bulk_create(rows[key], batch_size=self.batch_size)
                    counts[key] += len(rows[key])
            reset_queries()
            self.progress.advance(len(chunk))
        self.progress.finish()
        return counts
