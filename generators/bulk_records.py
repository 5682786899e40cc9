"""The records generated stories draw from: sections, tags, places, pictures and people.

Sections and tags are shared by every run (found by name, created when missing); places,
pictures and people are new in each run, their slugs marked with the run after the first.
Part of `manage.py generate_content`; see `generators/bulk_stories.py`.
"""

from decimal import Decimal
from itertools import accumulate

from django.core.files.base import ContentFile
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from taggit.models import Tag

from articles.models import Image, Person, Place, Section
from articles.text_matching import fold
from generators import bulk_words as words
from generators.bulk_text import SectionWriter, capital, topic_tag
from generators.pictures import draw_picture

PICTURE_COLOURS = [
    ((38, 84, 124), "deep blue"),
    ((142, 45, 48), "brick red"),
    ((112, 66, 128), "plum"),
    ((46, 120, 84), "green"),
    ((168, 112, 40), "ochre"),
    ((64, 68, 80), "slate"),
]
COUNTRIES, REGIONS_PER_COUNTRY, CITIES_PER_REGION = 12, 4, 5


def weighted(count, flatness):
    """Cumulative weights favouring the first of `count` items (lower flatness: steeper)."""
    return list(accumulate(1 / (rank + flatness) for rank in range(count)))


class StoryRecords:
    """The pools, as lists of saved rows; stories refer to them by index."""

    def __init__(self, *, rng, suffix, batch_size, progress):
        self.rng = rng  # concern -> random.Random
        self.suffix = suffix
        self.batch_size = batch_size
        self.progress = progress
        self.images = []

    def make_sections_and_tags(self):
        rng = self.rng("writers")
        self.sections, self.writers = [], []
        for position, (slug, name, description, subjects, topics) in enumerate(
            words.SECTIONS, start=1
        ):
            section = Section.objects.filter(Q(slug=slug) | Q(name=name)).first()
            if section is None:
                section = Section.objects.create(
                    slug=slug, name=name, description=description, position=position
                )
            self.sections.append(section)
            self.writers.append(SectionWriter(rng, subjects=subjects, topics=topics))
        self.section_cum = list(accumulate(words.SECTION_WEIGHTS))

        names = {}
        for _, _, _, _, topics in words.SECTIONS:
            names.update((topic_tag(t).lower(), topic_tag(t)) for t in topics)
        names.update((name.lower(), name) for name in words.GENERAL_TAGS)
        found = {
            tag.lowered: tag
            for tag in Tag.objects.annotate(lowered=Lower("name")).filter(lowered__in=names)
        }
        # A few hundred rows, once per database: taggit's own save() picks a free slug.
        self.tags = [
            found.get(key) or Tag.objects.create(name=name) for key, name in names.items()
        ]
        index = {tag.name.lower(): n for n, tag in enumerate(self.tags)}
        self.section_tags = [
            [index[topic_tag(t).lower()] for t in topics] for _, _, _, _, topics in words.SECTIONS
        ]
        self.general_tags = [index[name.lower()] for name in words.GENERAL_TAGS]
        self.general_cum = weighted(len(self.general_tags), 8)
        return {"sections": len(self.sections), "tags": len(self.tags)}

    def make_places(self):
        """Countries, their regions, the cities in those, and a base and a site in each."""
        rng, used = self.rng("places"), set()

        def invent(ends, form="{name}"):
            while True:
                stem = rng.choice(words.NAME_STARTS) + rng.choice(words.NAME_MIDDLES)
                name = form.format(name=capital(stem + rng.choice(ends)))
                if name not in used:
                    used.add(name)
                    return name

        def place(name, kind, parent, spread):
            near = (float(parent.latitude), float(parent.longitude)) if parent else (0, 0)
            lat = min(89, max(-89, near[0] + rng.uniform(-spread, spread)))
            lon = min(179, max(-179, near[1] + rng.uniform(-spread, spread)))
            return Place(
                name=name,
                folded_name=fold(name),  # bulk_create() calls no save(): kept here
                slug=f"{slugify(name)}{self.suffix}",
                kind=kind,
                parent=parent,
                latitude=Decimal(f"{lat:.5f}"),
                longitude=Decimal(f"{lon:.5f}"),
            )

        countries = [
            place(invent(words.COUNTRY_ENDS), Place.Kind.COUNTRY, None, 50)
            for _ in range(COUNTRIES)
        ]
        Place.objects.bulk_create(countries)
        regions = [
            place(invent(words.CITY_ENDS, rng.choice(words.REGION_FORMS)), Place.Kind.REGION, c, 3)
            for c in countries
            for _ in range(REGIONS_PER_COUNTRY)
        ]
        Place.objects.bulk_create(regions)
        cities = [
            place(invent(words.CITY_ENDS), Place.Kind.CITY, region, 1)
            for region in regions
            for _ in range(CITIES_PER_REGION)
        ]
        sites = [
            place(invent(words.CITY_ENDS, rng.choice(forms)), kind, rng.choice(regions), 1)
            for _ in countries
            for forms, kind in [
                (words.FACILITY_FORMS, Place.Kind.FACILITY),
                (words.SITE_FORMS, Place.Kind.SITE),
            ]
        ]
        Place.objects.bulk_create(cities + sites, batch_size=self.batch_size)
        self.countries = countries
        self.places = countries + regions + cities + sites
        self.place_index = {place.pk: n for n, place in enumerate(self.places)}
        # Where a place sits: itself, then its region and country (campaign targeting).
        self.within = []
        for place_row in self.places:
            chain, parent = [place_row.pk], place_row.parent
            while parent is not None:
                chain.append(parent.pk)
                parent = parent.parent
            self.within.append(tuple(chain))
        self.country_of = {
            self.place_index[city.pk]: self.place_index[city.parent.parent_id] for city in cities
        }
        self.cities = [self.place_index[city.pk] for city in cities]
        rng.shuffle(self.cities)
        self.city_cum = weighted(len(self.cities), 6)
        return {"places": len(self.places)}

    def make_pictures(self, count, *, name):
        """`count` lead pictures, saved the normal way (stripped, renditions made)."""
        self.progress.start("pictures", count)
        for n in range(count):
            colour, colour_name = PICTURE_COLOURS[n % len(PICTURE_COLOURS)]
            data, shapes = draw_picture(f"{name}:{n}", colour)
            image = Image(
                file=ContentFile(data, name=f"archive-{n + 1}.jpg"),
                alt_text=f"Abstract illustration: {shapes} over a {colour_name} gradient.",
                caption="A picture from the archive, shared by many stories.",
                credit="Illustration generated for the archive",
            )
            image.save()
            self.images.append(image)
            self.progress.advance(1)
        self.progress.finish()
        return {"pictures": count}

    def make_people(self, count):
        """Staff who write (a few per section, some photographers) and people in the news."""
        rng = self.rng("people")
        staff_count = min(200, max(len(self.sections), count // 25))
        people = []
        self.staff_by_section = [[] for _ in self.sections]
        self.photographers = []
        for n in range(count):
            name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
            city = self.places[rng.choice(self.cities)].name
            person = Person(
                name=name, folded_name=fold(name), slug=f"{slugify(name)}{self.suffix}-{n + 1}"
            )
            if n < staff_count:
                section = n % len(self.sections)
                if n % 10 == 9:
                    person.role = words.PHOTOGRAPHER_ROLE
                    self.photographers.append(n)
                else:
                    role = rng.choice(words.STAFF_ROLES)
                    person.role = role.format(section=self.sections[section].name)
                    self.staff_by_section[section].append(n)
                topics = ", ".join(rng.sample(words.SECTIONS[section][4], 2))
                person.bio = f"{name} covers {topics} and more from {city}."
                chance_of_photo = 0.7
            else:
                role = rng.choice(words.NEWS_ROLES)
                person.role = role.format(
                    portfolio=rng.choice(words.PORTFOLIOS),
                    city=city,
                    org=rng.choice(words.ORGANISATIONS),
                )
                if rng.random() < 0.1:
                    person.honorific = rng.choice(words.HONORIFICS)
                chance_of_photo = 0.2
            if self.images and rng.random() < chance_of_photo:
                person.photo = rng.choice(self.images)
            people.append(person)
        Person.objects.bulk_create(people, batch_size=self.batch_size)
        self.people = people
        self.reporters = [n for section in self.staff_by_section for n in section]
        self.newsmakers = list(range(staff_count, count))
        self.newsmaker_cum = weighted(len(self.newsmakers), 5)
        return {"people": count, "staff": staff_count}

    def targets(self):
        """What campaigns may target: sections by slug, tags by lower-case name, countries."""
        return {
            "sections": {section.slug: section for section in self.sections},
            "tags": {tag.name.lower(): tag for tag in self.tags},
            "countries": self.countries,
        }
