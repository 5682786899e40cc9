"""Newsroom checks before publishing: what an editor should look at, never a refusal.

`run(article)` gives the findings for a saved story, always in this order: quotes whose
words are not in the body; people, then places, named in the headline, standfirst or body
that are in our records but not linked to the story; quoted speakers not linked as people
of the story; a lead image without alt text or credit; no dateline; no section.

Names are matched exactly, case and all, as whole words: the text is cut into runs of one
to six words (“al-Sharaa”, “O'Neil” and “Ben-Ami's” are one word each) and only those runs
are looked up, `name__in`, so our records are never loaded whole. A person's honorific
form (“Lt. Gen. Amnon Regev”) always contains the name itself, so it is found too.

`run()` costs at most 7 queries (quotes with speakers, the story's people, its bylines, its
places, people by name, places by name, the lead image when not already loaded), whatever
the number of people, places, quotes or records, for a text of up to NAME_CHUNK candidate
names (the 2,100 words of all the demo stories together give 520); a longer text adds one
query per further NAME_CHUNK names for people and for places.
"""

import re
from dataclasses import dataclass

from django.db import transaction

from articles import revisions
from articles.html import plain_text
from articles.models import Article, Person, Place

MAX_NAME_WORDS = 6
# Under SQLite's oldest limit of 999 parameters in one statement.
NAME_CHUNK = 900

# A word, with the hyphens, apostrophes and dots inside it: al-Sharaa, O'Neil, U.S.
WORD = re.compile(r"\w+(?:['’.\-]\w+)*")
POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True)
class Offer:
    """A record the story could be linked to, with what tells it apart from namesakes."""

    kind: str  # "person" or "place"
    pk: int
    name: str
    description: str = ""
    label: str = ""  # the link button's text


@dataclass(frozen=True)
class Finding:
    """One thing to check before publishing, with the links that would settle it."""

    code: str
    message: str
    offers: tuple[Offer, ...] = ()


# Text normalising and matching: pure functions.

QUOTE_MARKS = "'\"‘’‚‛′“”„‟″«»‹›"
DASHES = "‐‑‒–—―−"
_FOLD = str.maketrans(
    {**dict.fromkeys(QUOTE_MARKS, "'"), **dict.fromkeys(DASHES, "-"), "…": "...", "\xa0": " "}
)
_SPACED_DASH = re.compile(r"\s*-\s*")
_QUOTE_ENDS = " .,;:!?'-"


def normalise(text):
    """Text as quotes are compared: one kind of quotation mark (apostrophes included) and
    of dash, dashes without spaces round them, single spaces, case folded."""
    text = " ".join((text or "").translate(_FOLD).split())
    return _SPACED_DASH.sub("-", text).casefold()


def quote_in_text(quote, text):
    """Whether the quote's words appear in `text` (plain text), whole words, punctuation
    at the quote's two ends ignored (“… the region,” for a quote ending “the region.”)."""
    needle = normalise(quote).strip(_QUOTE_ENDS)
    if not needle:
        return True
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", normalise(text)) is not None


def first_words(text, count=8):
    """The first `count` words of `text`, with an ellipsis when there are more."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _may_bound_name(word):
    # Proper names begin and end with a capitalised word (or a number: “Route 90”).
    return any(char.isupper() or char.isdigit() for char in word)


def candidate_names(text, max_words=MAX_NAME_WORDS):
    """Every run of 1..max_words whole words in `text` that could be a name, as written,
    in order of first appearance, with its plain-apostrophe, curly-apostrophe, possessive
    (“Regev's” → “Regev”) and trailing-dot (“D.C.”) forms."""
    text = " ".join((text or "").split())
    words = list(WORD.finditer(text))
    found = {}
    for i, first in enumerate(words):
        if not _may_bound_name(first.group()):
            continue
        for last in words[i : i + max_words]:
            if not _may_bound_name(last.group()):
                continue
            phrase = text[first.start() : last.end()]
            forms = [phrase]
            if phrase.endswith(POSSESSIVE):
                forms.append(phrase[:-2])
            if text[last.end() : last.end() + 1] == ".":
                forms.append(phrase + ".")
            for form in forms:
                found[form] = None
                found[form.replace("’", "'")] = None
                found[form.replace("'", "’")] = None
    return list(found)


def _chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


def _named(queryset, names):
    """Records whose name is exactly one of `names` (SQLite and PostgreSQL compare `IN` with
    case), in as few queries as the names allow."""
    rows = []
    for chunk in _chunks(names, NAME_CHUNK):
        rows += queryset.filter(name__in=chunk)
    return rows


# The checks.


def _describe(kind, record):
    """What tells namesakes apart: a person's role, a place's kind and parent."""
    if kind == "person":
        return record.role
    label = record.get_kind_display()
    return f"{label} in {record.parent.name}" if record.parent_id else label


def _offer(kind, record, description, *, namesakes):
    label = f"Link {record.name} to this story"
    if namesakes:
        # Each button says which one it links, even when a namesake has no description.
        label = f"Link {record.name} ({description or record.slug}) to this story"
    return Offer(kind=kind, pk=record.pk, name=record.name, description=description, label=label)


def _unlinked_named(kind, records, *, linked, order):
    """One finding per name in the text whose records are none of them linked."""
    by_name = {}
    for record in records:
        by_name.setdefault(record.name, []).append(record)
    findings = []
    for name in sorted(by_name, key=order.__getitem__):
        namesakes = sorted(by_name[name], key=lambda record: record.pk)
        if any(record.pk in linked for record in namesakes):
            continue
        offers = tuple(
            _offer(kind, record, _describe(kind, record), namesakes=len(namesakes) > 1)
            for record in namesakes
        )
        findings.append(
            Finding(
                code=f"unlinked-{kind}",
                message=f"{name} is named in the story but not linked to it.",
                offers=offers,
            )
        )
    return findings


@dataclass(frozen=True)
class Story:
    """What the checks read of a saved story, loaded once for all of them."""

    article: Article
    quotes: list
    people: set  # ids of the people linked to the story
    authors: set  # ids of the people in its bylines
    places: set  # ids of its places and its dateline
    body: str  # the body as plain text
    names: list  # candidate names in headline, standfirst and body, first seen first
    order: dict  # name -> position in `names`

    @classmethod
    def read(cls, article):
        """Four queries: the quotes with their speakers, people, bylines and places."""
        places = set(article.places.values_list("pk", flat=True))
        if article.dateline_id:
            places.add(article.dateline_id)
        body = plain_text(article.body)
        names = []
        for text in (article.headline, article.dek, body):
            names += candidate_names(text)
        names = list(dict.fromkeys(names))
        return cls(
            article=article,
            quotes=list(article.quotes.select_related("speaker")),
            people=set(article.people.values_list("pk", flat=True)),
            authors=set(article.bylines.values_list("person_id", flat=True)),
            places=places,
            body=body,
            names=names,
            order={name: position for position, name in enumerate(names)},
        )


# The checks: each takes a Story and returns its findings ---------------------------------


def quotes_not_in_body(story):
    return [
        Finding(
            code="quote-not-in-body",
            message=f"The quote from {quote.speaker.name} (“{first_words(quote.text)}”) "
            "is not in the story's text.",
        )
        for quote in story.quotes
        if not quote_in_text(quote.text, story.body)
    ]


def people_named_not_linked(story):
    """People in our records named in the text, not linked, bylined or quoted."""
    if not story.names:
        return []
    speakers = {quote.speaker.pk for quote in story.quotes}
    return _unlinked_named(
        "person",
        _named(Person.objects.all(), story.names),
        linked=story.people | story.authors | speakers,
        order=story.order,
    )


def places_named_not_linked(story):
    if not story.names:
        return []
    return _unlinked_named(
        "place",
        _named(Place.objects.select_related("parent"), story.names),
        linked=story.places,
        order=story.order,
    )


def speakers_not_linked(story):
    unlinked = {}
    for quote in story.quotes:
        if quote.speaker.pk not in story.people:
            unlinked.setdefault(quote.speaker.pk, quote.speaker)
    return [
        Finding(
            code="speaker-not-linked",
            message=f"{speaker.name} is quoted but not linked as a person of the story.",
            offers=(_offer("person", speaker, _describe("person", speaker), namesakes=False),),
        )
        for speaker in unlinked.values()
    ]


def lead_image_incomplete(story):
    if story.article.lead_image_id is None:
        return []
    image = story.article.lead_image
    parts = [("alt text", image.alt_text), ("credit", image.credit)]
    missing = [label for label, value in parts if not value.strip()]
    if not missing:
        return []
    return [
        Finding(
            code="lead-image-incomplete",
            message=f"The lead image has no {' and no '.join(missing)}.",
        )
    ]


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
    people_named_not_linked,
    places_named_not_linked,
    speakers_not_linked,
    lead_image_incomplete,
    no_dateline,
    no_section,
]


def run(article):
    """The findings for a saved story, in a fixed order; empty when every check passes."""
    story = Story.read(article)
    return [finding for check in CHECKS for finding in check(story)]


def summary(findings, *, status):
    """The count in the newsroom's words, e.g. “3 things to check before publishing”."""
    count = len(findings)
    if status == Article.Status.PUBLISHED:
        return f"{count} newsroom warning{'s' if count != 1 else ''}"
    return f"{count} thing{'s' if count != 1 else ''} to check before publishing"


@transaction.atomic
def link_record(*, article, record, by):
    """Link a person or place the checks offered to `article`; False when already linked.

    The story's public “updated” time stays as it was: linking is not news to readers.
    """
    related = article.people if isinstance(record, Person) else article.places
    if related.filter(pk=record.pk).exists():
        return False
    related.add(record)
    revisions.record(
        article=article, by=by, summary=f"Linked {record.name} from the newsroom checks"
    )
    return True
