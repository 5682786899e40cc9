"""Restoring a revision, and publishing proposed changes, which is the same work: what it
would change now (`plan_restore()`), and doing it (`restore()`, `apply()`)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.dateparse import parse_datetime

from articles import workflow
from articles.models import (
    Article,
    Byline,
    Image,
    Organisation,
    Person,
    Place,
    Quote,
    Revision,
    Section,
)
from articles.revisions import byline_text, compare, field_label, quote_text, record, snapshot

# What restoring puts back; status, publication time and slug are never restored.
RESTORED_SCALARS = ["headline", "dek", "body", "has_appeal", "source_url"]
RESTORED_LINKS = {
    "section": Section,
    "lead_image": Image,
    "dateline": Place,
    "source": Organisation,
}
RESTORED_LISTS = {"people": Person, "organisations": Organisation, "places": Place}


@dataclass(frozen=True)
class RestorePlan:
    """What restoring a revision would do: the resulting snapshot, its changes, what is gone."""

    revision: Revision
    target: dict
    changes: list
    skipped: list


def plan_restore(revision):
    """What restoring `revision` would change now, and which of its rows no longer exist."""
    current = snapshot(revision.article)
    data, skipped = revision.data, []
    target = dict(current)
    for name in RESTORED_SCALARS:
        target[name] = data.get(name, current[name])
    existing = _existing(data)
    target["source_published_at"] = data.get("source_published_at", current["source_published_at"])
    for name, model in RESTORED_LINKS.items():
        if name not in data:
            continue  # kept before stories had credits: the story keeps its own
        pair = data.get(name)
        if pair is None or pair[0] in existing[model]:
            target[name] = pair
        else:
            skipped.append(f"{field_label(name)}: {pair[1]}")
    for name, model in RESTORED_LISTS.items():
        if name not in data:
            continue  # kept before stories had organisations: they stay as they are
        target[name] = [p for p in data[name] if p[0] in existing[model]]
        skipped += [f"{field_label(name)}: {p[1]}" for p in data[name] if p not in target[name]]
    target["tags"] = data.get("tags", current["tags"])
    for name, person, show in (
        ("bylines", "person", byline_text),
        ("quotes", "speaker", quote_text),
    ):
        lines = data.get(name, [])
        kept = [line for line in lines if line[person][0] in existing[Person]]
        target[name] = [line | {"order": n} for n, line in enumerate(kept, start=1)]
        skipped += [f"{name.capitalize()}: {show(line)}" for line in lines if line not in kept]
    return RestorePlan(revision, target, compare(current, target), skipped)


def _existing(data):
    """The ids a snapshot names that still exist, by model: five queries."""
    wanted = {Section: set(), Image: set(), Place: set(), Person: set(), Organisation: set()}
    for name, model in RESTORED_LINKS.items():
        if data.get(name):
            wanted[model].add(data[name][0])
    for name, model in RESTORED_LISTS.items():
        wanted[model].update(pair[0] for pair in data.get(name, []))
    wanted[Person].update(line["person"][0] for line in data.get("bylines", []))
    wanted[Person].update(line["speaker"][0] for line in data.get("quotes", []))
    return {
        model: set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
        for model, ids in wanted.items()
    }


@transaction.atomic
def restore(*, revision, by):
    """Put a revision's content back (never its status, time or slug); return the plan done.

    The plan's `skipped` lists what no longer exists. The story's current state is kept
    first if no revision holds it, so nothing is lost; the result is recorded as
    “Restored from revision N”.
    """
    return apply(
        revision=revision,
        by=by,
        before=f"Kept before restoring revision {revision.number}",
        after=f"Restored from revision {revision.number}",
    )


@transaction.atomic
def apply(*, revision, by, before, after):
    """Make the story's content what `revision` holds (restore() and publishing proposed
    changes); its current state is kept first as `before`, the result as `after`."""
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    record(article=article, by=None, summary=before)
    plan = plan_restore(revision)
    target, was_live = plan.target, article.is_live
    for name in RESTORED_SCALARS:
        setattr(article, name, target[name])
    for name in RESTORED_LINKS:
        setattr(article, f"{name}_id", target[name][0] if target[name] else None)
    moment = target["source_published_at"]
    article.source_published_at = parse_datetime(moment) if moment else None
    article.save()
    article.people.set([pair[0] for pair in target["people"]])
    article.organisations.set([pair[0] for pair in target["organisations"]])
    article.places.set([pair[0] for pair in target["places"]])
    article.tags.set(target["tags"])
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(
            article=article, person_id=line["person"][0], role=line["role"], order=line["order"]
        )
        for line in target["bylines"]
    )
    article.quotes.all().delete()
    Quote.objects.bulk_create(
        Quote(
            article=article,
            speaker_id=line["speaker"][0],
            text=line["text"],
            context=line["context"],
            order=line["order"],
        )
        for line in target["quotes"]
    )
    workflow.note_change(article, was_live=was_live, changed=bool(plan.changes))
    record(article=article, by=by, summary=after)
    return plan
