"""Reading a WordPress export (WXR: RSS 2.0 with WordPress's wp:, content:, excerpt: and
dc: elements) into plain values, with the hardened parser.

XML from outside is parsed by hardened_xml.py only (defusedxml: no DTD, no entity
expansion, no external references). Anything that is not well-formed, or not a
WordPress export, is an ExportError whose message says what and where; nothing is read
half.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from imports import hardened_xml

CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
WP_PREFIX = "{http://wordpress.org/export/"


class ExportError(Exception):
    """The file is not a WordPress export we can read; the message says why."""


@dataclass
class Author:
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass
class Term:
    slug: str
    name: str
    parent: str = ""
    term_id: str = ""


@dataclass
class Item:
    post_id: str
    post_type: str
    status: str
    title: str
    link: str
    guid: str
    pub_date: str
    post_date_gmt: str
    post_name: str
    creator: str
    content: str
    excerpt: str
    parent: str
    attachment_url: str
    categories: list = field(default_factory=list)  # Terms of domain "category", in order
    tags: list = field(default_factory=list)  # Terms of domain "post_tag"
    meta: dict = field(default_factory=dict)
    comments: int = 0

    @property
    def published_at(self):
        """The post's time in UTC: post_date_gmt, else the RSS pubDate; None for neither
        (a draft never scheduled)."""
        if self.post_date_gmt and not self.post_date_gmt.startswith("0000"):
            try:
                stamp = datetime.strptime(self.post_date_gmt, "%Y-%m-%d %H:%M:%S")
                return stamp.replace(tzinfo=UTC)
            except ValueError:
                pass
        if self.pub_date and not self.pub_date.startswith("Thu, 01 Jan 1970"):
            try:
                return parsedate_to_datetime(self.pub_date).astimezone(UTC)
            except (TypeError, ValueError):
                return None
        return None


@dataclass
class Export:
    site_url: str
    wxr_version: str
    authors: dict  # login -> Author
    categories: dict  # slug -> Term
    items: list


def parse(path):
    """The Export in the file at `path`; ExportError when it cannot be read as one."""
    try:
        root = hardened_xml.parse(path)
    except hardened_xml.XMLProblem as error:
        raise ExportError(str(error)) from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ExportError("not a WordPress export: no <rss><channel>.")
    wp = _wp_namespace(channel)
    if wp is None:
        raise ExportError("not a WordPress export: no <wp:wxr_version>.")
    site_url = _text(channel, f"{wp}base_blog_url") or _text(channel, "link")
    authors = {}
    for node in channel.findall(f"{wp}author"):
        author = Author(
            login=_text(node, f"{wp}author_login"),
            email=_text(node, f"{wp}author_email"),
            display_name=_text(node, f"{wp}author_display_name"),
            first_name=_text(node, f"{wp}author_first_name"),
            last_name=_text(node, f"{wp}author_last_name"),
        )
        if author.login:
            authors[author.login] = author
    categories = {}
    for node in channel.findall(f"{wp}category"):
        term = Term(
            slug=_text(node, f"{wp}category_nicename"),
            name=_text(node, f"{wp}cat_name"),
            parent=_text(node, f"{wp}category_parent"),
            term_id=_text(node, f"{wp}term_id"),
        )
        if term.slug:
            categories[term.slug] = term
    items = [_item(node, wp) for node in channel.findall("item")]
    return Export(
        site_url=site_url.rstrip("/"),
        wxr_version=_text(channel, f"{wp}wxr_version"),
        authors=authors,
        categories=categories,
        items=items,
    )


def _wp_namespace(channel):
    for child in channel:
        if child.tag.startswith(WP_PREFIX) and child.tag.endswith("}wxr_version"):
            return child.tag[: -len("wxr_version")]
    return None


def _text(node, tag):
    found = node.find(tag)
    return (found.text or "").strip() if found is not None else ""


def _item(node, wp):
    excerpt_tag = f"{wp[:-1]}excerpt/}}encoded"  # {http://wordpress.org/export/1.2/excerpt/}
    item = Item(
        post_id=_text(node, f"{wp}post_id"),
        post_type=_text(node, f"{wp}post_type") or "post",
        status=_text(node, f"{wp}status"),
        title=_text(node, "title"),
        link=_text(node, "link"),
        guid=_text(node, "guid"),
        pub_date=_text(node, "pubDate"),
        post_date_gmt=_text(node, f"{wp}post_date_gmt"),
        post_name=_text(node, f"{wp}post_name"),
        creator=_text(node, f"{DC}creator"),
        content=_raw(node, f"{CONTENT}encoded"),
        excerpt=_raw(node, excerpt_tag),
        parent=_text(node, f"{wp}post_parent"),
        attachment_url=_text(node, f"{wp}attachment_url"),
        comments=len(node.findall(f"{wp}comment")),
    )
    for category in node.findall("category"):
        term = Term(slug=category.get("nicename", ""), name=(category.text or "").strip())
        if category.get("domain") == "category":
            item.categories.append(term)
        elif category.get("domain") == "post_tag":
            item.tags.append(term)
    for meta in node.findall(f"{wp}postmeta"):
        key = _text(meta, f"{wp}meta_key")
        if key:
            item.meta[key] = _text(meta, f"{wp}meta_value")
    return item


def _raw(node, tag):
    found = node.find(tag)
    return (found.text or "") if found is not None else ""
