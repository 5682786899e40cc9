"""The export the import tests share: posts in every status, two authors, categories, tags,
a featured picture from the media folder and one from the tests' HTTP server."""

from pathlib import Path

from tests.factories import image_bytes
from tests.imports.wxr_builder import SITE, Post, author, category, export

AUTHORS = [
    author("alice", "Alice@Example.org", "Alice Writer", "Alice", "Writer", 1),
    author("bob", "bob@old.example.com", "Bob Reporter", "Bob", "Reporter", 2),
]
CATEGORIES = [
    category(3, "news", "News"),
    category(4, "opinion", "Opinion"),
    category(5, "sport", "Sport"),
    category(1, "uncategorized", "Uncategorized"),
]
BODY = """First paragraph of the council story.
Still the first paragraph.

[caption id="attachment_9" width="300"]<img src="/x.jpg" /> The council chamber[/caption]

Second paragraph, with [contact-form-7 id="12" title="Tips"] a form.

<h2>A heading</h2>"""


def write(tmp_path, items, name="export.xml", **kwargs):
    path = Path(tmp_path) / name
    path.write_text(export(items, authors=AUTHORS, categories=CATEGORIES, **kwargs))
    return str(path)


def media_folder(tmp_path):
    """A copy of wp-content/uploads holding the first featured picture."""
    folder = Path(tmp_path) / "uploads"
    (folder / "2019" / "05").mkdir(parents=True)
    (folder / "2019" / "05" / "chamber.jpg").write_bytes(image_bytes((400, 300)))
    return str(folder)


def newsroom_export(tmp_path, server):
    """The shared export's file; the second picture is served by `server`."""
    remote = server.serve("/wp-content/uploads/2019/06/match.jpg", image_bytes((320, 240)))
    items = [
        Post(
            101,
            "Council votes on the budget",
            name="council-votes",
            link=f"{SITE}/news/council-votes/",
            date_gmt="2019-05-12 10:00:00",
            content=BODY,
            excerpt="<p>The vote, in <b>one</b> line.</p>",
            categories=[("opinion", "Opinion"), ("news", "News")],
            tags=[("elections", "Elections"), ("city-hall", "City Hall")],
            meta={"_thumbnail_id": "201", "_yoast_wpseo_primary_category": "3"},
            comments=2,
        ),
        Post(
            102,
            "Match report",
            name="match-report",
            creator="bob",
            link=f"{SITE}/2019/06/match-report/",
            guid=f"{SITE}/?p=102",
            date_gmt="2019-06-01 18:30:00",
            categories=[("sport", "Sport")],
            tags=[("football", "Football")],
            meta={"_thumbnail_id": "202"},
        ),
        Post(103, "A draft", status="draft", name="", date_gmt="0000-00-00 00:00:00"),
        Post(104, "Waiting for review", status="pending", creator="bob", name="waiting"),
        Post(
            105,
            "Coming soon",
            status="future",
            name="coming-soon",
            link=f"{SITE}/2031/01/coming-soon/",
            date_gmt="2031-01-01 09:00:00",
            categories=[("uncategorized", "Uncategorized")],
        ),
        Post(106, "Members only", status="private", name="members-only"),
        Post(107, "Deleted", status="trash", name="deleted"),
        Post(108, "About us", post_type="page", name="about"),
        Post(
            201,
            "chamber",
            status="inherit",
            post_type="attachment",
            parent=101,
            attachment_url=f"{SITE}/wp-content/uploads/2019/05/chamber.jpg",
            excerpt="The council chamber",
            meta={"_wp_attachment_image_alt": "Councillors at their desks"},
        ),
        Post(
            202,
            "match",
            status="inherit",
            post_type="attachment",
            parent=102,
            attachment_url=remote,
        ),
        Post(
            203,
            "leaflet",
            status="inherit",
            post_type="attachment",
            parent=101,
            attachment_url=f"{SITE}/wp-content/uploads/2019/05/leaflet.pdf",
        ),
    ]
    return write(tmp_path, items)
