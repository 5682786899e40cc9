"""Finding the people, organisations and places of our records that a story names.

The text is cut into runs of one to six words that could be a name (they begin and end with
a capitalised word or a number; “al-Sharaa”, “O'Neil” and “Ben-Ami's” are one word each; a
French or Italian elision, “d'Israël”, “dell'Italia”, is split off). Each run is folded
(`text_matching.fold()`: no accents, no case) and looked up on the records' indexed
`folded_name` column, `folded_name__in`, so the records are never loaded whole, with
200,000 people as with 20 (bench/entity_checks.py).

What is found is then read as an editor would:
- the case must be as recorded (“eyal zamir” in a slug-like headline is not Eyal Zamir);
  a person's name written without the accents its record has is a “did you mean”
  (`Match.accents_missing`); a place or organisation without them (English writes Zurich),
  or a name with accents its record lacks, still matches;
- the longest record wins: a run inside a longer run that is also a record (“Israel” inside
  “Israel Defense Forces”, a place “Jordan” inside a person “Jordan Peterson”) is not a
  mention of the shorter one;
- a one-word name seen only at the start of a sentence or in a title-case headline
  (“Nice”, “Reading”) is a weaker signal (`Match.weak`): any word is capitalised there.
"""

import re
from dataclasses import dataclass, field

from articles.text_matching import ELISION, clean, fold, strip_accents

MAX_NAME_WORDS = 6
# Under SQLite's oldest limit of 999 parameters in one statement.
NAME_CHUNK = 900

WORD = re.compile(r"\w+(?:['.\-]\w+)*")
POSSESSIVE = "'s"
SENTENCE_ENDS = ".!?:;\n"
OPENING = " \t'\"(["


@dataclass(frozen=True)
class Mention:
    """A run of words in one of the story's texts that could be a name."""

    text: str  # as written (cleaned)
    source: str  # "headline", "dek", "body" or "caption"
    start: int
    end: int
    at_sentence_start: bool
    in_title_case: bool
    folded: str  # fold(text): the key it is looked up by


@dataclass
class Match:
    """A record the story names, with where."""

    kind: str  # "person", "organisation" or "place"
    record: object
    mentions: list = field(default_factory=list)
    accents_missing: list = field(default_factory=list)  # mentions without the accents

    @property
    def weak(self):
        """Only a one-word name where any word is capitalised: say so, do not alarm."""
        one_word = len(self.record.name.split()) == 1
        return one_word and all(
            mention.at_sentence_start or mention.in_title_case for mention in self.all()
        )

    def all(self):
        return self.mentions + self.accents_missing


def _may_bound_name(word):
    # Proper names begin and end with a capitalised word (or a number: “Route 90”).
    return any(char.isupper() or char.isdigit() for char in word)


def is_title_case(text):
    """A headline in title case capitalises most words: a capital says little there."""
    words = [word for word in WORD.findall(text) if len(word) > 3]
    return len(words) >= 3 and sum(word[0].isupper() for word in words) >= 0.75 * len(words)


def at_sentence_start(text, start):
    """Nothing but spaces, quotation marks or brackets between `start` and the end of the
    previous sentence (or the text's start). Looks back only as far as it must."""
    position = start - 1
    while position >= 0 and text[position] in OPENING:
        position -= 1
    return position < 0 or text[position] in SENTENCE_ENDS


def mentions(text, source):
    """Every run of 1..MAX_NAME_WORDS words in `text` that could be a name, with its
    position; a run ending in a possessive or before a dot also gives the form without it
    (“Regev's” → “Regev”) or with it (“D.C.”)."""
    text = clean(text)
    title_case = source == "headline" and is_title_case(text)
    words = list(WORD.finditer(text))
    found = []
    for i, first in enumerate(words):
        starts = [first.start()]
        elided = ELISION.match(first.group())
        if elided:
            # d'Israël names Israël; D'Alema may be a name of its own: both are tried.
            bare = first.start() + elided.end()
            starts = [bare] if elided.group()[0].islower() else [first.start(), bare]
        for start in starts:
            if not _may_bound_name(text[start : first.end()]):
                continue
            sentence_start = at_sentence_start(text, start)
            for last in words[i : i + MAX_NAME_WORDS]:
                if not _may_bound_name(last.group()):
                    continue
                ends = [last.end()]
                if last.group().endswith(POSSESSIVE) and last.end() - 2 > start:
                    ends.append(last.end() - 2)
                if text[last.end() : last.end() + 1] == ".":
                    ends.append(last.end() + 1)
                for end in ends:
                    written = text[start:end]
                    found.append(
                        Mention(
                            written, source, start, end, sentence_start, title_case, fold(written)
                        )
                    )
    return found


def candidate_names(text):
    """The runs of `text` that could be names, as written, first seen first."""
    return list(dict.fromkeys(mention.text for mention in mentions(text, "body")))


def _chunks(items, size):
    return [items[start : start + size] for start in range(0, len(items), size)]


def look_up(queryset, folded_names):
    """Records whose folded name is one of `folded_names`, in as few queries as the names
    allow (one for up to NAME_CHUNK names), each on the folded_name index."""
    rows = []
    for chunk in _chunks(sorted(folded_names), NAME_CHUNK):
        rows += queryset.filter(folded_name__in=chunk)
    return rows


def _written_as(mention, record, kind):
    """How the mention relates to the record's name: "same", "accents" (a person's name
    without the accents it has), or None (another case: not this record). A place or an
    organisation written without its accents is the same one: English writes Zurich and
    Sao Paulo."""
    written, recorded = clean(mention.text), clean(record.name)
    if written == recorded:
        return "same"
    if strip_accents(written) != strip_accents(recorded):
        return None
    if strip_accents(recorded) == recorded or kind != "person":
        return "same"  # accents the record lacks, or a place's name in English
    return "accents"


def matches(found, records_by_kind):
    """The records `found` (mentions) name, longest first wins: [Match], in the order of
    their first mention."""
    by_folded = {}
    for mention in found:
        by_folded.setdefault(mention.folded, []).append(mention)
    candidates = []
    for kind, records in records_by_kind.items():
        for record in records:
            for mention in by_folded.get(record.folded_name, []):
                how = _written_as(mention, record, kind)
                if how is not None:
                    candidates.append((kind, record, mention, how))
    spans = {}
    for _, _, mention, _ in candidates:
        spans.setdefault(mention.source, set()).add((mention.start, mention.end))
    result = {}
    for kind, record, mention, how in candidates:
        start, end = mention.start, mention.end
        if any(s <= start and end <= e and e - s > end - start for s, e in spans[mention.source]):
            continue
        match = result.setdefault((kind, record.pk), Match(kind=kind, record=record))
        (match.mentions if how == "same" else match.accents_missing).append(mention)
    return sorted(
        result.values(),
        key=lambda match: min((m.source != "headline", m.source, m.start) for m in match.all()),
    )


SOURCES = ("headline", "dek", "body", "caption")


def first_position(match):
    order = {source: n for n, source in enumerate(SOURCES)}
    return min((order[m.source], m.start) for m in match.all())


# Surnames and titles ------------------------------------------------------------------------

TITLES = (
    "mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lord|lady|gen|general|lt|col|colonel|maj|"
    "major|capt|captain|adm|admiral|sgt|rep|sen|senator|gov|governor|judge|justice|president|"
    "minister|mayor|rabbi|rev|father|sheikh|m(?=\\.)|mme|mlle|monsieur|madame|herr|frau|sig|sra|sr"
)
# One or more titles (“Lt. Gen.”), then the name: its last word is the surname.
TITLED = re.compile(rf"\b(?:(?i:{TITLES})\.?\s+)+((?:[A-Z][\w'-]*\s+){{0,2}}[A-Z][\w'-]+)")
SPEECH = r"(?:said|says|told|added|asked|wrote|replied|argued|warned|noted)"
SAID_AFTER = re.compile(rf"\b([A-Z][\w'-]+)\s+{SPEECH}\b")
SAID_BEFORE = re.compile(rf"\b{SPEECH}\s+([A-Z][\w'-]+)\b")


def surname(name):
    """The last word of a name, as an editor's second reference uses it."""
    words = WORD.findall(clean(name))
    return words[-1] if len(words) > 1 else ""


def surname_mentions(text):
    """{surname as written: the phrase it was in}: “Gen. Smith”, “Ms Smith”, “Smith said”,
    “said Smith”. A capitalised word alone is no second reference (“a Ford truck”)."""
    text = clean(text)
    found = {}
    for pattern in (TITLED, SAID_AFTER, SAID_BEFORE):
        for match in pattern.finditer(text):
            last = match.group(1).split()[-1].removesuffix(POSSESSIVE)
            found.setdefault(last, match.group().strip())
    return found
