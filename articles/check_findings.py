"""What a newsroom check reports: findings, the one-click fixes they offer, and how the
panel groups them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Offer:
    """A one-click fix: a record to link (kind, pk), paragraphs to remove or a title to
    update (`action`, with the form's `fields`), and the button's text."""

    kind: str  # "person", "organisation", "place", "paragraphs" or "title"
    pk: int
    name: str
    description: str = ""
    label: str = ""  # the button's text
    action: str = "link"  # "link", "remove" or "retitle": the view that takes it
    fields: tuple = ()  # (name, value) pairs the button's form sends


@dataclass(frozen=True)
class Finding:
    """One thing to check before publishing, with the fixes that would settle it."""

    code: str
    message: str
    offers: tuple[Offer, ...] = ()
    level: str = "warning"  # or "note": a weaker signal, worded as one
    passage: tuple = ()  # for a quote: the closest passage, [(word, "same"|"text"|"quote")]


# What the panel groups findings under, in this order.
GROUPS = {
    "Quotes": ("quote-not-in-body",),
    "Names": (
        "unlinked-person",
        "unlinked-organisation",
        "unlinked-place",
        "possible-person",
        "possible-organisation",
        "possible-place",
        "name-without-accents",
        "speaker-not-linked",
    ),
    "Titles": ("stale-title",),
    "Wire copy": ("wire-boilerplate",),
    "Lead image": ("lead-image-incomplete", "alt-text-file-name"),
    "Story details": ("no-dateline", "no-section"),
}


def grouped(findings):
    """[(group title, [findings])] in the panel's order, empty groups left out."""
    groups = []
    for title, codes in GROUPS.items():
        members = [finding for finding in findings if finding.code in codes]
        if members:
            groups.append((title, members))
    return groups
