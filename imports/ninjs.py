"""IPTC ninjs documents (JSON, 2.x and 3.x; the 1.x names too) as Items.

3.x renamed the times in camel case (firstCreated, versionCreated, embargoedUntil) and
content types (contentType); both spellings are read, so one source setting serves both.
The document is size-capped before `json` reads it, and a nesting too deep for Python's
parser is refused like any other malformed JSON.
"""

import json

from imports.items import (
    MAX_ITEMS,
    FeedProblem,
    Item,
    Picture,
    check_size,
    parse_time,
    parse_version,
)


def parse(data):
    """The Items of a ninjs document: one object, a list of them, or {"items": [...]}."""
    check_size(data)
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise FeedProblem(f"not valid JSON ({error.__class__.__name__}: {error}).") from None
    if isinstance(document, dict) and isinstance(document.get("items"), list):
        document = document["items"]
    objects = document if isinstance(document, list) else [document]
    if not all(isinstance(obj, dict) for obj in objects):
        raise FeedProblem("a ninjs document is a JSON object (or a list of them).")
    return [item(obj) for obj in objects[:MAX_ITEMS]]


def item(obj):
    uri = _text(obj.get("uri"))
    if not uri:
        raise FeedProblem("a ninjs item without its uri cannot be told apart from others.")
    return Item(
        guid=uri,
        version=parse_version(obj.get("version")),
        headline=_value(obj.get("headlines"), "main") or _text(obj.get("headline")),
        dek=_value(obj.get("descriptions"), "summary") or _text(obj.get("description_text")),
        body_html=_value(obj.get("bodies"), "main") or _text(obj.get("body_html")),
        byline=_text(obj.get("by") or obj.get("byline")),
        url=_link(obj),
        first_created=parse_time(_either(obj, "firstcreated", "firstCreated")),
        version_created=parse_time(_either(obj, "versioncreated", "versionCreated")),
        embargo_until=parse_time(_either(obj, "embargoed", "embargoedUntil")),
        pictures=_pictures(obj.get("associations")),
        people=_names(obj.get("people")),
        organisations=_names(obj.get("organisations")),
        places=_names(obj.get("places")),
    )


def _text(value):
    return value.strip() if isinstance(value, str) else ""


def _either(obj, old, new):
    return _text(obj.get(old)) or _text(obj.get(new))


def _value(entries, role):
    """The value of the entry with `role` (or the first) in headlines/bodies/descriptions."""
    if not isinstance(entries, list):
        return ""
    entries = [e for e in entries if isinstance(e, dict) and isinstance(e.get("value"), str)]
    chosen = next((e for e in entries if e.get("role") == role), entries[0] if entries else None)
    return chosen["value"].strip() if chosen else ""


def _names(entries):
    if not isinstance(entries, list):
        return []
    return [_text(e.get("name")) for e in entries if isinstance(e, dict) and _text(e.get("name"))]


def _link(obj):
    """The original's web address: a rendition or association of type text/html, if any."""
    for rendition in obj.get("renditions") or []:
        if isinstance(rendition, dict) and "html" in _either(rendition, "mimetype", "contentType"):
            return _text(rendition.get("href"))
    return ""


def _pictures(associations):
    # 1.x keyed associations by name; 2.x and 3.x list them.
    if isinstance(associations, dict):
        associations = list(associations.values())
    pictures = []
    for association in associations if isinstance(associations, list) else []:
        if not isinstance(association, dict) or association.get("type") != "picture":
            continue
        renditions = [r for r in association.get("renditions") or [] if isinstance(r, dict)]
        renditions.sort(
            key=lambda r: r.get("width") or 0 if isinstance(r.get("width"), int) else 0
        )
        href = _text(renditions[-1].get("href")) if renditions else ""
        if href:
            pictures.append(
                Picture(
                    url=href,
                    caption=_value(association.get("descriptions"), "caption")
                    or _text(association.get("description_text")),
                    credit=_text(association.get("by") or association.get("byline")),
                )
            )
    return pictures
