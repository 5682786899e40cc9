"""Newsroom checks before publishing: what an editor should look at, never a refusal.

`run(article)` gives the findings for a saved story, each once, in the order of `CHECKS`:
quotes whose words are not in the body (with the closest passage, its differing words
marked); records named but not linked (people, organisations, places; name_matching.py
says how names are read), second references that fit exactly one recent record, names
written without their accents; quoted speakers not linked; titles the records say had
ended by the story's date (title_checks.py); wire boilerplate (boilerplate.py); the lead
image (alt text, a file name for alt text, credit); no dateline; no section.

Text goes through one normalisation (text_matching.py): NFKC, no soft hyphens or
zero-width characters, one apostrophe, one hyphen. A finding's `level` is "warning", or
"note" for a weaker signal that says why it may be nothing. `run()` costs a fixed number of
queries whatever the number of records (see Story.read()).
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from articles import name_checks, name_matching, text_matching, title_checks
from articles.boilerplate import find_boilerplate, paragraphs
from articles.check_findings import Finding, Offer
from articles.html import plain_text
from articles.models import Article, BoilerplatePattern, Organisation, Person, Place, Role

RECENT_DAYS = 30  # "recently linked": to a story published in the last month
RECENT_PEOPLE = 2000  # at most this many people from recent stories are read
# An alt text that is a file name or a camera's: “IMG_2041.jpg”, “DSC_0031”, “photo-3.png”.
FILE_NAME = re.compile(
    r"^\s*(?:[\w\-. ()]+\.(?:jpe?g|png|gif|webp|avif|heic|tiff?|bmp)|"
    r"(?:img|dsc|dscn|dji|pxl|screenshot|image|photo)[\W_]*\d[\w\-]*)\s*$",
    re.IGNORECASE,
)


def normalise(text):
    """Text as quotes are compared, for display and tests: cleaned (text_matching.clean()),
    dashes without spaces round them, case folded."""
    return re.sub(r"\s*-\s*", "-", text_matching.clean(text)).casefold()


quote_in_text = text_matching.quote_in_text
candidate_names = name_matching.candidate_names


def first_words(text, count=8):
    """The first `count` words of `text`, with an ellipsis when there are more."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


@dataclass(frozen=True)
class Story:
    """What the checks read of a saved story, loaded once for all of them."""

    article: Article
    quotes: list
    people: set  # ids of the people linked to the story
    linked_people: list  # and the people themselves
    authors: set  # ids of the people in its bylines
    organisations: set  # ids of its organisations
    places: set  # ids of its places and its dateline
    body: str  # the body as plain text, one line per paragraph
    caption: str  # the lead image's caption
    matches: list  # name_matching.Match for every record the texts name
    roles: dict  # person id -> [Role], for the people linked or named
    patterns: list  # the active BoilerplatePatterns
    recent: list  # people linked to stories of the last RECENT_DAYS, for second references
    surnames: dict  # name_matching.surname_mentions() of the texts, merged

    @classmethod
    def read(cls, article):
        """A fixed number of queries: quotes with speakers, people, bylines, organisations,
        places, the lead image (unless loaded), people, organisations and places by name
        (one query each per NAME_CHUNK names), roles, boilerplate patterns, recent people."""
        places = set(article.places.values_list("pk", flat=True))
        if article.dateline_id:
            places.add(article.dateline_id)
        image = article.lead_image if article.lead_image_id else None
        blocks = [plain_text(block) for block in _blocks(article.body)]
        body = "\n".join(blocks)
        texts = {
            "headline": article.headline,
            "dek": article.dek,
            "body": body,
            "caption": image.caption if image else "",
        }
        found = [m for src, text in texts.items() for m in name_matching.mentions(text, src)]
        folded = {mention.folded for mention in found}
        records = {"person": [], "organisation": [], "place": []}
        if folded:
            records["person"] = name_matching.look_up(Person.objects.all(), folded)
            records["organisation"] = name_matching.look_up(Organisation.objects.all(), folded)
            records["place"] = name_matching.look_up(
                Place.objects.select_related("parent"), folded
            )
        matches = name_matching.matches(found, records)
        surnames = {}
        for text in texts.values():
            for written, phrase in name_matching.surname_mentions(text).items():
                surnames.setdefault(written, phrase)
        linked_people = list(article.people.all())
        people = {person.pk for person in linked_people}
        named = {m.record.pk for m in matches if m.kind == "person"}
        roles = {}
        for role in Role.objects.filter(person_id__in=people | named).select_related(
            "organisation"
        ):
            roles.setdefault(role.person_id, []).append(role)
        return cls(
            article=article,
            quotes=list(article.quotes.select_related("speaker")),
            people=people,
            linked_people=linked_people,
            authors=set(article.bylines.values_list("person_id", flat=True)),
            organisations=set(article.organisations.values_list("pk", flat=True)),
            places=places,
            body=body,
            caption=texts["caption"],
            matches=matches,
            roles=roles,
            patterns=list(BoilerplatePattern.objects.active()),
            recent=_recent_people(surnames),
            surnames=surnames,
        )

    @property
    def texts(self):
        return [self.article.headline, self.article.dek, self.body, self.caption]

    def linked(self, kind):
        speakers = {quote.speaker.pk for quote in self.quotes}
        return {
            "person": self.people | self.authors | speakers,
            "organisation": self.organisations,
            "place": self.places,
        }[kind]


def _blocks(html):
    blocks = [paragraph.html for paragraph in paragraphs(html)]
    return blocks or [html or ""]


def _recent_people(surnames):
    """People linked to stories published lately, when the texts have a second reference
    to read: one query, at most RECENT_PEOPLE rows."""
    if not surnames:
        return []
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = Article.objects.published().filter(published_at__gte=since)
    links = Article.people.through.objects.filter(article__in=recent).values("person_id")
    return list(
        Person.objects.filter(pk__in=links)
        .only("pk", "name", "slug", "role", "honorific")
        .order_by("pk")[:RECENT_PEOPLE]
    )


# The checks: each takes a Story and returns its findings ---------------------------------


def quotes_not_in_body(story):
    findings = []
    for quote in story.quotes:
        if quote_in_text(quote.text, story.body):
            continue
        message = (
            f"The quote from {quote.speaker.name} (“{first_words(quote.text)}”) "
            "is not in the story's text."
        )
        nearest = text_matching.closest_passage(quote.text, story.body)
        passage = ()
        if nearest is not None:
            passage, differences = tuple(nearest[0]), nearest[1]
            said = "; ".join(
                f"“{quoted or '…'}” where the text has “{written or '…'}”"
                for quoted, written in differences[:3]
            )
            if said:
                message += f" The closest passage differs: the quote has {said}."
        findings.append(Finding(code="quote-not-in-body", message=message, passage=passage))
    return findings


def wire_boilerplate(story):
    """Paragraphs matching the desk's boilerplate patterns, each run with a remove button."""
    findings = []
    for run in find_boilerplate(story.article.body, story.patterns):
        count = len(run.paragraphs)
        indexes = ",".join(str(paragraph.index) for paragraph in run.paragraphs)
        what = "This paragraph" if count == 1 else f"These {count} paragraphs"
        findings.append(
            Finding(
                code="wire-boilerplate",
                message=f"{what} look{'s' if count == 1 else ''} like wire boilerplate "
                f"({run.pattern}), not the story: “{first_words(run.paragraphs[0].text)}”",
                offers=(
                    Offer(
                        kind="paragraphs",
                        pk=run.paragraphs[0].index,
                        name=run.pattern,
                        label="Remove this paragraph"
                        if count == 1
                        else f"Remove these {count} paragraphs",
                        action="remove",
                        fields=(
                            ("paragraphs", indexes),
                            ("text", text_matching.fold(run.paragraphs[0].text)[:200]),
                        ),
                    ),
                ),
            )
        )
    return findings


def lead_image_incomplete(story):
    if story.article.lead_image_id is None:
        return []
    image = story.article.lead_image
    parts = [("alt text", image.alt_text), ("credit", image.credit)]
    missing = [label for label, value in parts if not value.strip()]
    findings = []
    if missing:
        findings.append(
            Finding(
                code="lead-image-incomplete",
                message=f"The lead image has no {' and no '.join(missing)}.",
            )
        )
    if FILE_NAME.match(image.alt_text or ""):
        findings.append(
            Finding(
                code="alt-text-file-name",
                message=f"The lead image's alt text is a file name (“{image.alt_text}”): "
                "say what the picture shows, for readers who cannot see it.",
            )
        )
    return findings


def no_dateline(story):
    if story.article.dateline_id is not None:
        return []
    return [Finding(code="no-dateline", message="No dateline: say where it was reported from.")]


def no_section(story):
    if story.article.section_id is not None:
        return []
    return [Finding(code="no-section", message="No section.")]


# In the order an editor reads the findings. A new check is a function above and a line here.
CHECKS = [
    quotes_not_in_body,
    name_checks.people_named_not_linked,
    name_checks.organisations_named_not_linked,
    name_checks.places_named_not_linked,
    name_checks.second_references,
    name_checks.names_without_accents,
    name_checks.speakers_not_linked,
    title_checks.stale_titles,
    wire_boilerplate,
    lead_image_incomplete,
    no_dateline,
    no_section,
]


def run(article):
    """The findings for a saved story, each once, in a fixed order; empty when all pass."""
    story = Story.read(article)
    findings = [finding for check in CHECKS for finding in check(story)]
    return list(dict.fromkeys(findings))


def summary(findings, *, status):
    """The count in the newsroom's words, e.g. “3 things to check before publishing”."""
    count = len(findings)
    if status == Article.Status.PUBLISHED:
        return f"{count} newsroom warning{'s' if count != 1 else ''}"
    return f"{count} thing{'s' if count != 1 else ''} to check before publishing"
