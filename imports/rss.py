"""RSS 2.0 and Atom feeds as Items: title, link, guid (or Atom id), publication and update
times, content:encoded (or Atom content, or the description) as the body, and a picture
from an image enclosure or media:content. Parsed through imports/hardened_xml.py."""

from imports.items import MAX_ITEMS, FeedProblem, Item, Picture, parse_time
from imports.xml_text import child, children, local, parse, text

MEDIA = "{http://search.yahoo.com/mrss/}"


def items(data):
    """The Items of an RSS 2.0 or Atom document."""
    root = parse(data)
    if local(root.tag) == "rss":
        channel = child(root, "channel")
        entries = children(channel if channel is not None else root, "item")
        return [rss_item(entry) for entry in entries[:MAX_ITEMS]]
    if local(root.tag) == "feed":
        return [atom_entry(entry) for entry in children(root, "entry")[:MAX_ITEMS]]
    raise FeedProblem(f"neither RSS nor Atom: the document is a <{local(root.tag)}>.")


def _markup(element):
    """An element's content as sent: RSS and Atom carry HTML escaped as text."""
    return "" if element is None else (element.text or "").strip()


def rss_item(entry):
    link = text(child(entry, "link"))
    guid = text(child(entry, "guid")) or link
    if not guid:
        raise FeedProblem("an RSS item with neither guid nor link cannot be told apart.")
    description = _markup(child(entry, "description"))
    body = _markup(child(entry, "encoded")) or description
    return Item(
        guid=guid,
        headline=text(child(entry, "title")),
        dek=text(child(entry, "description")) if child(entry, "encoded") is not None else "",
        body_html=body,
        byline=text(child(entry, "creator")) or text(child(entry, "author")),
        url=link,
        first_created=parse_time(text(child(entry, "pubDate"))),
        version_created=parse_time(text(child(entry, "pubDate"))),
        pictures=_pictures(entry),
    )


def atom_entry(entry):
    guid = text(child(entry, "id"))
    links = children(entry, "link")
    link = next((e.get("href", "") for e in links if e.get("rel", "alternate") == "alternate"), "")
    guid = guid or link
    if not guid:
        raise FeedProblem("an Atom entry with neither id nor link cannot be told apart.")
    author = child(entry, "author")
    return Item(
        guid=guid,
        headline=text(child(entry, "title")),
        dek=text(child(entry, "summary")) if child(entry, "content") is not None else "",
        body_html=_markup(child(entry, "content")) or _markup(child(entry, "summary")),
        byline=text(child(author, "name")) if author is not None else "",
        url=link,
        first_created=parse_time(text(child(entry, "published")) or text(child(entry, "updated"))),
        version_created=parse_time(text(child(entry, "updated"))),
        pictures=[
            Picture(url=e.get("href")) for e in links
            if e.get("rel") == "enclosure" and e.get("type", "").startswith("image/")
        ],
    )  # fmt: skip


def _pictures(entry):
    found = [
        e.get("url") for e in children(entry, "enclosure")
        if e.get("type", "").startswith("image/") and e.get("url")
    ] + [
        e.get("url") for e in entry.iter(f"{MEDIA}content")
        if e.get("medium", "image") == "image" and e.get("url")
    ]  # fmt: skip
    return [Picture(url=url) for url in found]
