"""The one-click fixes the newsroom checks offer: link a record, remove boilerplate
paragraphs, update a stale title. Each writes a revision, and none moves the story's public
“updated” time: tidying is not news to readers."""

import re

from django.db import transaction

from articles import revisions
from articles.boilerplate import BLOCK, paragraphs, without_paragraphs
from articles.models import Article, Organisation, Person
from articles.text_matching import fold


class StaleFix(Exception):
    """The story changed since the checks ran: the fix no longer fits it."""


@transaction.atomic
def link_record(*, article, record, by):
    """Link a person, organisation or place the checks offered to `article`; False when
    already linked."""
    if isinstance(record, Person):
        related = article.people
    elif isinstance(record, Organisation):
        related = article.organisations
    else:
        related = article.places
    if related.filter(pk=record.pk).exists():
        return False
    related.add(record)
    revisions.record(
        article=article, by=by, summary=f"Linked {record.name} from the newsroom checks"
    )
    return True


def _locked(article):
    return Article.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def remove_paragraphs(*, article, indexes, first_text, by):
    """Remove the body's paragraphs at `indexes` (boilerplate); `first_text` is the first
    one's folded text as the checks saw it, so a body edited since is never cut blind.
    Returns the number removed."""
    story = _locked(article)
    blocks = paragraphs(story.body)
    if not indexes or max(indexes) >= len(blocks):
        raise StaleFix("the story's text has changed since the check")
    if not fold(blocks[min(indexes)].text).startswith(first_text[:200]):
        raise StaleFix("the story's text has changed since the check")
    story.body = without_paragraphs(story.body, indexes)
    story.save(update_fields=["body", "updated_at"])
    article.body = story.body
    count = len(indexes)
    revisions.record(
        article=story,
        by=by,
        summary=f"Removed {count} boilerplate paragraph{'s' if count != 1 else ''} "
        "from the newsroom checks",
    )
    return count


def _title_pattern(title):
    words = [re.escape(word) for word in title.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


@transaction.atomic
def retitle(*, article, old, new, by):
    """Replace the stale title `old` (a Role) with `new` (the person's role of the day) in
    the paragraphs of the body that name the person. Returns the number of changes."""
    if old.person_id != new.person_id:
        raise StaleFix("those titles are not the same person's")
    story = _locked(article)
    pattern = _title_pattern(old.title.removeprefix("The ").removeprefix("the "))
    surname = fold(old.person.name).split()[-1]
    changed = 0

    def replace(block):
        nonlocal changed
        html = block.group()
        if surname not in fold(html):
            return html
        # The title as the records write it (“as the paper writes it”, Role.title).
        html, count = pattern.subn(lambda m: new.title, html)
        changed += count
        return html

    body = BLOCK.sub(replace, story.body)
    if not changed:
        raise StaleFix("the title is no longer in the story's text")
    story.body = body
    story.save(update_fields=["body", "updated_at"])
    article.body = story.body
    revisions.record(
        article=story,
        by=by,
        summary=f"Changed “{old.title}” to “{new.title}” from the newsroom checks",
    )
    return changed
