"""A story's revisions: what each save kept, and how two compare (restoring one is
`restoring.py`).

A revision's `data` is `snapshot()`: plain JSON, so it outlives the rows it names. Linked
rows are kept as `[id, name]`; comparing goes by id (a renamed person is the same person),
restoring skips ids that no longer exist and says so. Corrections are a public record of
their own and are neither kept nor restored.
"""

import difflib
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from articles.html import BLOCK_END, plain_text
from articles.models import Article, Byline, Organisation, Person, Place, Quote, Revision


def snapshot(article):
    """The story as the database holds it now, with its related rows, as plain JSON."""
    story = (
        Article.objects.select_related("section", "lead_image", "dateline", "source")
        .prefetch_related(
            Prefetch("bylines", Byline.objects.select_related("person")),
            Prefetch("quotes", Quote.objects.select_related("speaker")),
            Prefetch("people", Person.objects.only("pk", "name")),
            Prefetch("organisations", Organisation.objects.only("pk", "name")),
            Prefetch("places", Place.objects.only("pk", "name")),
            "tags",
        )
        .get(pk=article.pk)
    )
    return {
        "headline": story.headline,
        "slug": story.slug,
        "dek": story.dek,
        "body": story.body,
        "has_appeal": story.has_appeal,
        "status": story.status,
        "published_at": story.published_at.isoformat() if story.published_at else None,
        "section": _pair(story.section),
        "lead_image": _pair(story.lead_image),
        "dateline": _pair(story.dateline),
        "source": _pair(story.source),
        "source_url": story.source_url,
        "source_published_at": _iso(story.source_published_at),
        "people": sorted((_pair(p) for p in story.people.all()), key=_by_name),
        "organisations": sorted((_pair(o) for o in story.organisations.all()), key=_by_name),
        "places": sorted((_pair(p) for p in story.places.all()), key=_by_name),
        "tags": sorted((tag.name for tag in story.tags.all()), key=str.casefold),
        "bylines": [
            {"person": _pair(b.person), "role": b.role, "order": b.order}
            for b in story.bylines.all()
        ],
        "quotes": [
            {"speaker": _pair(q.speaker), "text": q.text, "context": q.context, "order": q.order}
            for q in story.quotes.all()
        ],
    }


def _iso(moment):
    return moment.isoformat() if moment else None


def _pair(obj):
    return None if obj is None else [obj.pk, str(obj)]


def _by_name(pair):
    return (pair[1].casefold(), pair[0])


def lock(article):
    # Serialises revision numbers and save checks per story (a no-op on SQLite, which
    # serialises writers anyway). Outside a transaction there is nothing to hold it.
    if transaction.get_connection().in_atomic_block:
        list(Article.objects.select_for_update().filter(pk=article.pk).values_list("pk"))


@transaction.atomic
def record(*, article, by, summary=""):
    """Keep the story's current state as its next revision, unless the latest already is it."""
    lock(article)
    data = snapshot(article)
    latest = Revision.objects.kept().filter(article_id=article.pk).only("data").first()
    if latest is not None and latest.data == data:
        return None
    return Revision.objects.create(
        article_id=article.pk,
        number=next_number(article),
        data=data,
        summary=summary[:300],
        created_by=by,
    )


def next_number(article):
    """The story's next revision number, after its saved states and proposals alike."""
    latest = Revision.objects.filter(article_id=article.pk).values_list("number", flat=True)
    return (latest.first() or 0) + 1


# Comparing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field that differs: its name, its label as the form shows it, the change as HTML."""

    name: str
    label: str
    html: str


def field_label(name):
    return capfirst(Article._meta.get_field(name).verbose_name)


def compare(older, newer):
    """The fields that differ between two snapshots, in the form's order, readably."""
    changes = []
    for name, kind in FIELDS:
        before, after = older.get(name), newer.get(name)
        if _key(kind, before) == _key(kind, after):
            continue
        label = {"bylines": "Bylines", "quotes": "Quotes"}.get(name) or field_label(name)
        changes.append(Change(name, label, RENDER[kind](before, after)))
    return changes


def _key(kind, value):
    """What makes two values the same: ids for linked rows, not the names kept with them."""
    if kind == "link":
        return value[0] if value else None
    if kind == "set":
        return sorted(pair[0] for pair in value or [])
    if kind in ("bylines", "quotes"):
        return [_line_key(kind, line) for line in value or []]
    if kind == "names":
        return sorted(value or [])
    return value


def _line_key(kind, line):
    if kind == "bylines":
        return (line["person"][0], line["role"])
    return (line["speaker"][0], line["text"], line["context"])


PARAGRAPH = "\n\n"


def _body_words(html):
    words = []
    for block in BLOCK_END.split(html or ""):
        text = plain_text(block).split()
        if text and words:
            words.append(PARAGRAPH)
        words.extend(text)
    return words


def _word_diff(old_words, new_words):
    """Both texts as one, removed words in <del>, added ones in <ins>, everything escaped."""
    runs = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("", old_words[i1:i2]))
        if op in ("delete", "replace"):
            runs.append(("del", old_words[i1:i2]))
        if op in ("insert", "replace"):
            runs.append(("ins", new_words[j1:j2]))
    pieces, previous = [], None
    for tag, words in runs:
        text = re.sub(r" ?\n\n ?", PARAGRAPH, " ".join(words))
        if previous is not None and PARAGRAPH not in (previous[-1], words[0]):
            pieces.append(" ")
        pieces.append(format_html("<{0}>{1}</{0}>", tag, text) if tag else text)
        previous = words
    return format_html(
        '<div class="revision-text">{}</div>',
        format_html_join("", "{}", ((piece,) for piece in pieces)),
    )


def _text(before, after):
    return _word_diff((before or "").split(), (after or "").split())


def _body(before, after):
    return _word_diff(_body_words(before), _body_words(after))


def _swap(before, after, show):
    return format_html("<del>{}</del> <ins>{}</ins>", show(before), show(after))


def _plain(value):
    return value if value not in (None, "") else "(none)"


def _link_name(pair):
    return pair[1] if pair else "(none)"


def _yes_no(value):
    return "Yes" if value else "No"


def _status(value):
    return Article.Status(value).label if value in Article.Status.values else _plain(value)


def _time(value):
    moment = parse_datetime(value) if value else None
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "(none)"


def _items(lines):
    return format_html(
        '<ul class="revision-lines">{}</ul>',
        format_html_join("", "<li>{}</li>", ((line,) for line in lines)),
    )


def _set(before, after):
    old = {pair[0]: pair[1] for pair in before or []}
    new = {pair[0]: pair[1] for pair in after or []}
    removed = [format_html("<del>{}</del>", name) for pk, name in old.items() if pk not in new]
    added = [format_html("<ins>{}</ins>", name) for pk, name in new.items() if pk not in old]
    return _items(removed + added)


def _names(before, after):
    return _set([[n, n] for n in before or []], [[n, n] for n in after or []])


def byline_text(line):
    role = line["role"]
    role = Byline.Role(role).label if role in Byline.Role.values else role
    return f"{line['person'][1]} — {role}"


def quote_text(line):
    context = f" ({line['context']})" if line.get("context") else ""
    return f"{line['speaker'][1]}: “{line['text']}”{context}"


def _lines(kind, show):
    def render(before, after):
        before, after = before or [], after or []
        matcher = difflib.SequenceMatcher(
            None, [_line_key(kind, x) for x in before], [_line_key(kind, x) for x in after]
        )
        lines = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                lines += [show(line) for line in after[j1:j2]]
                continue
            lines += [format_html("<del>{}</del>", show(line)) for line in before[i1:i2]]
            lines += [format_html("<ins>{}</ins>", show(line)) for line in after[j1:j2]]
        return _items(lines)

    return render


FIELDS = [
    ("headline", "text"),
    ("dek", "text"),
    ("body", "body"),
    ("section", "link"),
    ("tags", "names"),
    ("lead_image", "link"),
    ("dateline", "link"),
    ("source", "link"),
    ("source_url", "plain"),
    ("source_published_at", "time"),
    ("people", "set"),
    ("organisations", "set"),
    ("places", "set"),
    ("bylines", "bylines"),
    ("quotes", "quotes"),
    ("has_appeal", "yes_no"),
    ("status", "status"),
    ("published_at", "time"),
    ("slug", "plain"),
]
RENDER = {
    "text": _text,
    "body": _body,
    "link": lambda before, after: _swap(before, after, _link_name),
    "names": _names,
    "set": _set,
    "bylines": _lines("bylines", byline_text),
    "quotes": _lines("quotes", quote_text),
    "yes_no": lambda before, after: _swap(before, after, _yes_no),
    "status": lambda before, after: _swap(before, after, _status),
    "time": lambda before, after: _swap(before, after, _time),
    "plain": lambda before, after: _swap(before, after, _plain),
}
