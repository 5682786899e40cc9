"""Wire boilerplate: the paragraphs an agency's copy carries that are not the story.

An agency's own donation appeal, “Support … Journalism”, subscription plugs, “This story
first appeared …”: staff keep the list of patterns in the admin (`BoilerplatePattern`). The
newsroom checks flag matching paragraphs with a button that removes them; wire ingest
calls `remove_boilerplate()` on what it receives.

A pattern is compared with each top-level paragraph (or heading, list item, quotation) as
plain text after `text_matching.fold()`, so case, accents and the kind of quotation mark
never decide. A pattern marked `covers_rest` (an appeal's heading) takes every paragraph
after it too.
"""

import re
from dataclasses import dataclass

from articles.html import plain_text
from articles.text_matching import fold

# A top-level block of the sanitised body: the unit a pattern is compared with.
BLOCK = re.compile(r"<(p|h[1-6]|blockquote|li|pre)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Paragraph:
    index: int  # its place among the body's blocks, from 0
    html: str
    text: str


@dataclass(frozen=True)
class Boilerplate:
    """A run of paragraphs one pattern matched (with the rest, for an appeal's heading)."""

    pattern: str  # the pattern's name
    paragraphs: tuple[Paragraph, ...]


def paragraphs(html):
    """The body's top-level blocks in order."""
    return [
        Paragraph(index=index, html=match.group(), text=plain_text(match.group()))
        for index, match in enumerate(BLOCK.finditer(html or ""))
    ]


def _compiled(pattern):
    """A pattern row as a compiled regular expression over folded text."""
    if pattern.kind == "regex":
        try:
            return re.compile(pattern.pattern, re.IGNORECASE)
        except re.error:
            return None  # a broken pattern saved before clean() existed matches nothing
    # fold() writes an ellipsis as three dots: either stands for any words.
    parts = [part.strip() for part in re.split(r"\.\.\.|…", fold(pattern.pattern))]
    body = r"\b.*?\b".join(re.escape(part) for part in parts if part)
    if not body:
        return None
    start = "^" if pattern.kind == "start" else r"(?:^|\b)"
    return re.compile(start + body, re.IGNORECASE)


def find_boilerplate(html, patterns):
    """The runs of the body's paragraphs that `patterns` match, in the body's order."""
    compiled = [(pattern, _compiled(pattern)) for pattern in patterns]
    blocks = paragraphs(html)
    found, taken = [], set()
    for paragraph in blocks:
        if paragraph.index in taken:
            continue
        folded = fold(paragraph.text)
        for pattern, regex in compiled:
            if regex is None or not regex.search(folded):
                continue
            run = [paragraph]
            if pattern.covers_rest:
                run = [block for block in blocks if block.index >= paragraph.index]
            run = [block for block in run if block.index not in taken]
            taken.update(block.index for block in run)
            found.append(Boilerplate(pattern=pattern.name, paragraphs=tuple(run)))
            break
    return found


def without_paragraphs(html, indexes):
    """`html` without the top-level blocks at `indexes` (and the space they leave)."""
    indexes = set(indexes)
    counter = iter(range(10**9))

    def keep_or_drop(match):
        return "" if next(counter) in indexes else match.group()

    return BLOCK.sub(keep_or_drop, html or "").strip()


def remove_boilerplate(html, patterns=None):
    """(`html` without its boilerplate paragraphs, the plain text of each one removed).
    `patterns` defaults to the active ones in the admin's list."""
    if patterns is None:
        from articles.models import BoilerplatePattern

        patterns = list(BoilerplatePattern.objects.active())
    runs = find_boilerplate(html, patterns)
    removed = [paragraph for run in runs for paragraph in run.paragraphs]
    clean = without_paragraphs(html, [paragraph.index for paragraph in removed])
    return clean, [paragraph.text for paragraph in removed]
