"""Wire ingest: an agency's items become stories in review, credited to the agency.

`receive()` parses a document in the source's format and takes each item in its own
transaction (a broken item is refused and reported; the others go in). Each item:

- new: a story *in review* in the source's section, credited to the source's organisation
  (with the original's address and time, and the agency's embargo), its body cut to size
  and sanitised (imports/bodies.py, then the body field), the agency's boilerplate
  paragraphs removed (articles/boilerplate.py); its picture fetched afterwards by a task
  (imports/tasks.py) under the same checks as an upload;
- sent again unchanged, or an older version: nothing changes;
- a new version while the story is a draft or in review: the story is updated;
- a new version of a published story (the agency's correction): changes proposed to the
  desk (articles/proposals.py), never the live story.

The people, organisations and places the agency tags are named in the story's workflow
note; linking them is left to the newsroom checks, which already offer “Link … to this
story” for names in the text that are in our records, with a click.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from articles import proposals, revisions, workflow
from articles.boilerplate import remove_boilerplate
from articles.models import Article, BoilerplatePattern, Byline, Person
from articles.text_matching import fold
from imports import bodies, newsml, ninjs, rss
from imports.items import FeedProblem
from imports.models import FeedSource, ImportedObject
from imports.records import unique_slug
from imports.report import Report

PARSERS = {
    FeedSource.Format.NINJS: ninjs.parse,
    FeedSource.Format.NEWSML: newsml.items,
    FeedSource.Format.RSS: rss.items,
}
Kind = ImportedObject.Kind
Status = Article.Status


@dataclass
class Outcome:
    what: str  # created, updated, proposed, unchanged, refused
    article: Article | None = None
    note: str = ""


def receive(source, data):
    """Take the document `data` (bytes) from `source`; the Report of what became of each
    item. A document that cannot be read raises FeedProblem, noted on the source."""
    try:
        items = PARSERS[source.format](data)
    except FeedProblem as problem:
        record_failure(source, str(problem))
        raise
    report = Report()
    patterns = list(BoilerplatePattern.objects.active())  # read once per document
    for item in items:
        outcome = take(source, item, patterns=patterns)
        report.count(outcome.what)
        if outcome.note:
            report.note("Items", f"{item.guid}: {outcome.note}")
    record_fetch(source, report)
    return report


def take(source, item, *, patterns=None):
    """One item in one transaction: its Outcome (refused with the reason when it fails).
    `patterns`: the boilerplate patterns (default: the active ones)."""
    try:
        with transaction.atomic():
            return _take(source, item, patterns)
    except (FeedProblem, ValidationError, DatabaseError) as problem:
        return Outcome("refused", note=_words(problem))


def _take(source, item, patterns):
    if not item.headline:
        raise FeedProblem("the item has no headline.")
    key = {"source": source.import_source, "kind": Kind.ITEM, "external_id": item.guid[:200]}
    row = ImportedObject.objects.select_for_update().filter(**key).first()
    fingerprint = item.fingerprint()
    if row is not None and (row.digest == fingerprint or item.version < row.version):
        return Outcome("unchanged")
    story = Article.objects.filter(pk=row.object_id).first() if row is not None else None
    body = bodies.convert(item.body_html)
    html, removed = remove_boilerplate(body.html, patterns)
    notes = _notes(item, body, removed)
    if story is None:
        outcome = _create(source, item, html, notes)
    elif story.status in workflow.WORKING_STATUSES:
        outcome = _update(source, item, story, html, notes)
    elif story.status == Status.PUBLISHED:
        outcome = _propose(source, item, story, html)
    else:
        return Outcome("unchanged", story, f"the story was unpublished; version {item.version} "
                       "was not applied")  # fmt: skip
    ImportedObject.objects.update_or_create(
        **key,
        defaults={
            "record": outcome.article,
            "digest": fingerprint,
            "version": item.version,
        },
    )
    return outcome


def _fields(source, item, html):
    return {
        "headline": item.headline[:200],
        "dek": item.dek[:400],
        "body": html,
        "source": source.organisation,
        "source_url": item.url[:500],
        "source_published_at": item.first_created or item.version_created,
        "embargo_until": item.embargo_until,
    }


def _create(source, item, html, notes):
    story = Article(
        **_fields(source, item, html),
        slug=unique_slug(Article, item.headline, set(), fallback="wire-story"),
        section=source.section,
        status=Status.IN_REVIEW,
    )
    story.full_clean(exclude=["slug"])
    story.save()
    _credit_people(story, item.byline)
    _queue_pictures(story, item)
    note = f"Received from {source.name} (version {item.version}). {notes}"
    workflow.record_transition(article=story, from_status=None, by=None, note=note.strip())
    revisions.record(article=story, by=None, summary=f"Received from {source.name}")
    return Outcome("created", story)


def _update(source, item, story, html, notes):
    for name, value in _fields(source, item, html).items():
        setattr(story, name, value)
    story.full_clean()
    story.save()
    note = f"Updated from {source.name} (version {item.version}). {notes}"
    workflow.record_transition(article=story, from_status=story.status, by=None, note=note)
    revisions.record(article=story, by=None, summary=f"Version {item.version} from {source.name}")
    return Outcome("updated", story)


def _propose(source, item, story, html):
    data = revisions.snapshot(story) | {
        "headline": item.headline[:200],
        "dek": item.dek[:400],
        "body": html,
    }
    note = f"{source.name} sent version {item.version} of this story"
    waiting = proposals.waiting_for(story)
    if waiting is not None and waiting.created_by_id is None:
        waiting.data, waiting.note = data, note  # an earlier correction, not yet decided
        waiting.save(update_fields=["data", "note"])
        return Outcome("proposed", story)
    if waiting is not None:
        raise FeedProblem(
            f"version {item.version} waits: changes by {waiting.created_by} are waiting for "
            "an editor on this story."
        )
    if proposals.propose(article=story, data=data, by=None, note=note) is None:
        return Outcome("unchanged", story, f"version {item.version} changes nothing we show")
    return Outcome("proposed", story)


def _credit_people(story, byline):
    """Wire bylines for the people named in the agency's byline who are in our records
    (one match each); others stay in the note, not made into records."""
    names = [n.strip() for n in byline.removeprefix("By ").replace(" and ", ",").split(",")]
    for order, name in enumerate(filter(None, names), start=1):
        people = list(Person.objects.filter(folded_name=fold(name))[:2])
        if len(people) == 1:
            Byline.objects.get_or_create(
                article=story,
                person=people[0],
                defaults={"role": Byline.Role.WIRE, "order": order},
            )


def _queue_pictures(story, item):
    from imports.tasks import fetch_lead_picture

    if item.pictures:
        picture = item.pictures[0]
        fetch_lead_picture.enqueue(story.pk, picture.url, picture.caption, picture.credit)


def _notes(item, body, removed):
    parts = []
    if item.byline:
        parts.append(f"The agency's byline: {item.byline}.")
    if removed:
        parts.append(f"Removed {len(removed)} boilerplate paragraph(s): “{removed[0][:80]}”….")
    if body.cut_from:
        parts.append(f"The body was cut: it was {body.cut_from:,} characters.")
    if body.taken_out:
        parts.append(
            "Taken out: " + ", ".join(f"{n} {what}" for what, n in body.taken_out.items())
        )
    for label, names in [("people", item.people), ("organisations", item.organisations),
                         ("places", item.places)]:  # fmt: skip
        if names:
            parts.append(f"The agency tags {label}: {', '.join(names[:20])}.")
    return " ".join(parts)[:1000]


def _words(problem):
    if isinstance(problem, ValidationError):
        return " ".join(problem.messages)
    return str(problem)


def record_fetch(source, report):
    """Note a fetch on the source: its time, the items' counts, and no error."""
    counts = report.counts
    FeedSource.objects.filter(pk=source.pk).update(
        last_fetched_at=timezone.now(),
        last_error="" if not counts["refused"] else "\n".join(report.lines())[:2000],
        last_error_at=timezone.now() if counts["refused"] else None,
        items_created=F("items_created") + counts["created"],
        items_updated=F("items_updated") + counts["updated"],
        items_proposed=F("items_proposed") + counts["proposed"],
        items_refused=F("items_refused") + counts["refused"],
    )


def record_failure(source, error):
    """Note on the source why a fetch or a document failed, for staff to see."""
    FeedSource.objects.filter(pk=source.pk).update(
        last_error=error[:2000], last_error_at=timezone.now()
    )
