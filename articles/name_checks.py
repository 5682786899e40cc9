"""The newsroom checks about names: records named but not linked, second references
(“Gen. Smith”) that fit one recent record, names without their accents, quoted speakers
not linked. How names are found: name_matching.py."""

from articles import name_matching, text_matching
from articles.check_findings import Finding, Offer

# Describing and offering records ----------------------------------------------------------


def _describe(kind, record):
    """What tells namesakes apart: a person's role, a kind and parent."""
    if kind == "person":
        return record.role
    label = record.get_kind_display()
    return f"{label} in {record.parent.name}" if record.parent_id else label


def _offer(kind, record, description, *, namesakes):
    label = f"Link {record.name} to this story"
    if namesakes:
        # Each button says which one it links, even when a namesake has no description.
        label = f"Link {record.name} ({description or record.slug}) to this story"
    return Offer(
        kind=kind,
        pk=record.pk,
        name=record.name,
        description=description,
        label=label,
        fields=(("kind", kind), ("pk", record.pk)),
    )


def _unlinked_named(story, kind):
    """One finding per name in the texts whose records are none of them linked."""
    linked = story.linked(kind)
    by_name = {}
    for match in story.matches:
        if match.kind == kind and match.mentions:
            by_name.setdefault(match.record.name, []).append(match)
    findings = []
    for name, found in by_name.items():
        namesakes = sorted((m.record for m in found), key=lambda record: record.pk)
        if any(record.pk in linked for record in namesakes):
            continue
        offers = tuple(
            _offer(kind, record, _describe(kind, record), namesakes=len(namesakes) > 1)
            for record in namesakes
        )
        if all(match.weak for match in found):
            where = found[0].mentions[0]
            place = (
                "in a headline in title case"
                if where.in_title_case
                else ("only at the start of a sentence")
            )
            message = (
                f"“{name}” appears {place}, where any word has a capital, so it may not "
                f"mean {name} ({_describe(kind, namesakes[0]) or kind}) of our records. "
                "Link it if the story is about it."
            )
            findings.append(
                Finding(code=f"possible-{kind}", message=message, offers=offers, level="note")
            )
            continue
        findings.append(
            Finding(
                code=f"unlinked-{kind}",
                message=f"{name} is named in the story but not linked to it.",
                offers=offers,
            )
        )
    return findings


def people_named_not_linked(story):
    """People in our records named in the texts, not linked, bylined or quoted."""
    return _unlinked_named(story, "person")


def organisations_named_not_linked(story):
    return _unlinked_named(story, "organisation")


def places_named_not_linked(story):
    return _unlinked_named(story, "place")


def second_references(story):
    """“Gen. Smith”, “Ms Smith”, “Smith said” where the full name is nowhere: suggested when
    exactly one person fits among those linked to the story or to recent stories, and that
    one is not linked to this story yet."""
    named = {m.record.pk for m in story.matches if m.kind == "person"}
    linked = story.linked("person")
    pool = {}
    for person in [*story.linked_people, *story.recent]:
        last = name_matching.surname(person.name)
        if last:
            pool.setdefault(text_matching.fold(last), {})[person.pk] = person
    findings = []
    for written, phrase in story.surnames.items():
        fits = list(pool.get(text_matching.fold(written), {}).values())
        if len(fits) != 1:
            continue
        person = fits[0]
        if person.pk in linked or person.pk in named:
            continue
        if text_matching.clean(name_matching.surname(person.name)) != written:
            continue  # the same letters, another case or other accents: not this name
        if any(finding.offers[0].pk == person.pk for finding in findings):
            continue
        findings.append(
            Finding(
                code="possible-person",
                level="note",
                message=f"“{phrase}” may be {person.name}"
                f"{f' ({person.role})' if person.role else ''}, linked to a recent "
                "story and the only one of that name there. Link them if it is.",
                offers=(_offer("person", person, person.role, namesakes=False),),
            )
        )
    return findings


def names_without_accents(story):
    """A name written without the accents its record has: “did you mean”."""
    findings = []
    for match in story.matches:
        if not match.accents_missing:
            continue
        written = sorted({mention.text for mention in match.accents_missing})
        offers = ()
        if match.record.pk not in story.linked(match.kind) and not match.mentions:
            desc = _describe(match.kind, match.record)
            offers = (_offer(match.kind, match.record, desc, namesakes=False),)
        findings.append(
            Finding(
                code="name-without-accents",
                message=f"{', '.join(f'“{w}”' for w in written)} is written without "
                f"its accents: did you mean {match.record.name}?",
                offers=offers,
            )
        )
    return findings


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
