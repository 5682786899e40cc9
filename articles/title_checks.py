"""The stale-title check: a story gives someone a title their records say had ended.

“Defence Minister Shaul Ben-Ami” in a story of a day when our records have him out of that
post since March is the error a wire desk most often lets through. For each person the story
links or names, each of their roles that ended before the story's day (and is not also a
title they hold that day) is looked for right beside one of their names: just before it
(“Defence Minister Shaul Ben-Ami”, “the Mossad director, Nitzan Peled”) or just after
it, after a comma (“Nitzan Peled, the director of the Mossad”). A title marked as past
(“former”, “ex-”, “then”, “who was”, “ancien”) is what it should be, and says nothing.
Compared folded (text_matching.fold()): case, accents and apostrophes aside.
"""

import re

from articles.check_findings import Finding, Offer
from articles.text_matching import clean, fold

# Words before a title that make it a past one.
PAST = {
    "former", "formerly", "ex", "then", "one-time", "onetime", "erstwhile", "retired", "late",
    "was", "been", "as", "until", "ancien", "ancienne", "anciens", "l'ancien", "l'ancienne",
    "ehemalige", "ehemaliger", "ex-", "previous", "previously", "once", "outgoing",
}  # fmt: skip
WORDS = re.compile(r"[\w'-]+")
# What may stand between a title and the name it belongs to: ranks and honorifics
# (“Lt. Gen.”), “the”, a possessive (“Israel's”). Any other word means the title may be
# someone else's (“… the commander of the Southern Command met Amnon Regev”).
FILLER = (
    r"(?:the|a|an|now|currently|also|mr|mrs|ms|dr|prof|gen|general|lt|col|maj|brig|adm|"
    r"rear|vice|sir|dame|[\w-]+\.|[\w-]+'s?)"
)
BEFORE_GAP = rf"(?:{FILLER}\s+){{0,3}}?"
BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
# A piece ending so was cut at an abbreviation (“Lt. Gen.”, “Mr.”, “U.S.”), not a sentence.
ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[A-Z][a-z]{0,3}|[A-Z](?:\.[A-Z])*)\.$")


def sentences(text):
    """The sentences of `text` (cleaned, case kept), folded: abbreviations do not end one."""
    for paragraph in (text or "").split("\n"):
        pending = ""
        for piece in BOUNDARY.split(paragraph):
            pending = f"{pending} {piece}" if pending else piece
            if not ABBREVIATION.search(pending):
                yield fold(pending)
                pending = ""
        if pending:
            yield fold(pending)


def _title_before(before, title):
    """The words before a name end with the title (and up to three more words)."""
    match = re.search(rf"(?:^|[\s,(])({re.escape(title)})\s*,?\s+{BEFORE_GAP}$", before + " ")
    if match is None:
        return None
    preceding = WORDS.findall(before[: match.start(1)])[-2:]
    return None if PAST & set(preceding) else match.group(1)


def _title_after(after, title):
    """A comma after the name, then the title within a few words."""
    match = re.match(rf"\s*,\s*((?:{FILLER}\s+){{0,3}}?)({re.escape(title)})\b", after)
    if match is None:
        return None
    return None if PAST & set(WORDS.findall(match.group(1))) else match.group(2)


def given_title(text, name, title):
    """Whether `text` (cleaned) gives the person called `name` (folded) the `title`."""
    for sentence in sentences(text):
        for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence):
            before, after = sentence[: found.start()], sentence[found.end() :]
            if _title_before(before, title) or _title_after(after, title):
                return True
    return False


def _names(person):
    """The forms of a person's name a title stands beside: full, and the surname alone."""
    full = fold(person.name)
    words = full.split()
    return [full, words[-1]] if len(words) > 1 else [full]


def stale_titles(story):
    """A finding for each title the texts give someone after their records say it ended."""
    day = story.article.day
    people = {person.pk: person for person in story.linked_people}
    people.update({m.record.pk: m.record for m in story.matches if m.kind == "person"})
    people.update({q.speaker.pk: q.speaker for q in story.quotes if q.speaker.pk in story.roles})
    texts = [clean(text) for text in story.texts]
    findings = []
    for person_id, roles in story.roles.items():
        person = people.get(person_id)
        if person is None:
            continue
        current = [role for role in roles if role.held_on(day)]
        held = {fold(role.title) for role in current}
        for role in roles:
            title = fold(role.title).removeprefix("the ")
            if role.ended_on is None or role.ended_on >= day or fold(role.title) in held:
                continue
            if not any(given_title(t, n, title) for t in texts for n in _names(person)):
                continue
            now = max(current, key=lambda r: r.started_on or day) if current else None
            ended = f"{role.ended_on.day} {role.ended_on:%B %Y}"
            message = (
                f"The story calls {person.name} “{role.title}”, but our records say that "
                f"ended on {ended}, before this story's date."
            )
            offers = ()
            if now is not None:
                message += f" On {day.day} {day:%B %Y} their title is {now}."
                offers = (
                    Offer(
                        kind="title",
                        pk=now.pk,
                        name=person.name,
                        label=f"Change “{role.title}” to “{now.title}” in the story",
                        action="retitle",
                        fields=(("old", role.pk), ("new", now.pk)),
                    ),
                )
            else:
                message += " Our records give no title for them that day: “former”?"
            findings.append(Finding(code="stale-title", message=message, offers=offers))
    return findings
