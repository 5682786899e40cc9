"""IPTC NewsML-G2 news items as Items: a `newsItem`, or a `newsMessage` carrying several.

itemMeta gives the times and the embargo, contentMeta the headline, slugline, description,
by-line and subjects (people, organisations and places by their `type`), contentSet the
body as inline XHTML (or inline text, made paragraphs). Parsed through imports/
hardened_xml.py: a document with a DTD or entities is refused unread.
"""

from django.utils.html import escape

from imports.items import MAX_ITEMS, FeedProblem, Item, Picture, parse_time, parse_version
from imports.xml_text import child, children, inner_html, local, parse, text

SUBJECT_KINDS = {
    "cpnat:person": "people",
    "cpnat:organisation": "organisations",
    "cpnat:geoArea": "places",
    "cpnat:poi": "places",
}


def items(data):
    """The Items of a NewsML-G2 document."""
    root = parse(data)
    if local(root.tag) == "newsItem":
        news_items = [root]
    elif local(root.tag) == "newsMessage":
        news_items = [e for e in root.iter() if local(e.tag) == "newsItem"]
    else:
        raise FeedProblem(f"not NewsML-G2: the document is a <{local(root.tag)}>.")
    return [item(news_item) for news_item in news_items[:MAX_ITEMS]]


def item(news_item):
    guid = (news_item.get("guid") or "").strip()
    if not guid:
        raise FeedProblem("a newsItem without its guid cannot be told apart from others.")
    meta = child(news_item, "itemMeta")
    content = child(news_item, "contentMeta")
    found = {"people": [], "organisations": [], "places": []}
    for subject in children(content, "subject") if content is not None else []:
        kind = SUBJECT_KINDS.get(subject.get("type", ""))
        name = text(child(subject, "name"))
        if kind and name:
            found[kind].append(name)
    link = next(
        (e.get("href", "") for e in children(meta, "link") if "html" in e.get("contenttype", "")),
        "",
    ) if meta is not None else ""  # fmt: skip
    return Item(
        guid=guid,
        version=parse_version(news_item.get("version")),
        headline=text(child(content, "headline")),
        dek=text(child(content, "description")),
        body_html=_body(child(news_item, "contentSet")),
        byline=text(child(content, "by")),
        url=link,
        first_created=parse_time(text(child(meta, "firstCreated"))),
        version_created=parse_time(text(child(meta, "versionCreated"))),
        embargo_until=parse_time(text(child(meta, "embargoed"))),
        pictures=_pictures(content),
        **found,
    )


def _body(content_set):
    if content_set is None:
        return ""
    inline = child(content_set, "inlineXML")
    if inline is not None:
        html = child(inline, "html")
        body = child(html, "body") if html is not None else None
        return inner_html(body if body is not None else inline)
    data = child(content_set, "inlineData")
    if data is not None:
        paragraphs = [p.strip() for p in (data.text or "").split("\n\n") if p.strip()]
        return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return ""


def _pictures(content):
    # A picture the agency points to from the text item: contentMeta/icon (its preview).
    if content is None:
        return []
    return [
        Picture(url=icon.get("href")) for icon in children(content, "icon") if icon.get("href")
    ]
