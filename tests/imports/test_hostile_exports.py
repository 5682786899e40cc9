"""Hostile and broken WordPress exports: each refused or cleaned, with a message, and
nothing half-written left behind."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Image, Person, Section
from imports import bodies
from imports.models import ImportedObject, OldAddress
from tests.factories import image_bytes
from tests.imports.exports import write
from tests.imports.wxr_builder import SITE, Post, export

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(path, *args):
    out = StringIO()
    call_command("import_wordpress", path, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def nothing_written():
    return not any(
        model.objects.exists()
        for model in [Article, Person, Section, Image, ImportedObject, OldAddress]
    )


def picture_post(post_id, url, **meta):
    """A published post whose featured picture (attachment 9<post_id>) is at `url`."""
    return [
        Post(
            post_id,
            f"Post {post_id}",
            name=f"post-{post_id}",
            meta={"_thumbnail_id": f"9{post_id}"},
        ),
        Post(
            int(f"9{post_id}"),
            "picture",
            status="inherit",
            post_type="attachment",
            attachment_url=url,
            meta=meta,
        ),
    ]


def test_malformed_xml_is_refused_with_where_and_nothing_written(tmp_path):
    path = write(tmp_path, [Post(1, "Fine"), Post(2, "Broken")])
    text = Path(path).read_text().replace("<title>Broken</title>", "<title>Broken</titel>")
    Path(path).write_text(text)
    with pytest.raises(CommandError, match=r"not well-formed XML \(line \d+, column \d+\)"):
        run(path)
    assert nothing_written()


def test_malformed_xml_exits_non_zero_from_the_command_line(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text("<rss><channel><item></channel></rss>")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_wordpress", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "not well-formed XML" in result.stderr and "Nothing was imported" in result.stderr


def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text("<rss version='2.0'><channel><title>A feed</title></channel></rss>")
    with pytest.raises(CommandError, match="not a WordPress export"):
        run(str(path))


BILLION_LAUGHS = """<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""


def test_entity_expansion_is_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(export([Post(1, "&lol9;")], prolog=BILLION_LAUGHS))
    with pytest.raises(CommandError, match="refused: the file declares a DTD or entities"):
        run(str(path))
    assert nothing_written()


def test_an_external_entity_is_refused(tmp_path):
    prolog = '<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    path = tmp_path / "xxe.xml"
    path.write_text(export([Post(1, "&secret;")], prolog=prolog))
    with pytest.raises(CommandError, match="refused"):
        run(str(path))
    assert nothing_written()


def test_scripts_and_event_handlers_are_removed_from_bodies(tmp_path):
    hostile = (
        '<p onclick="steal()">Hello<script>alert(document.cookie)</script></p>\n\n'
        '<img src="x" onerror="steal()">\n\n'
        '<a href="javascript:steal()">click</a> <a href="https://example.org/">ok</a>\n\n'
        '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>'
    )
    output = run(write(tmp_path, [Post(1, "Hostile", name="hostile", content=hostile)]))
    body = Article.objects.get().body
    for left_out in ["script", "onclick", "onerror", "javascript:", "<img", "iframe", "style"]:
        assert left_out not in body
    assert '<a href="https://example.org/">ok</a>' in body and "Hello" in body
    assert "post 1 “Hostile”: 1 × script" in output
    assert "post 1 “Hostile”: 2 × event handler" in output
    assert "post 1 “Hostile”: 1 × javascript: link" in output


def test_a_title_with_markup_is_plain_text(tmp_path):
    run(write(tmp_path, [Post(1, "<script>x()</script>Plain <b>title</b>", name="t")]))
    assert Article.objects.get().headline == "x()Plain title"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:{port}/wp-content/uploads/a.jpg", "http://localhost:{port}/a.jpg"],
)
def test_a_picture_at_an_internal_address_is_refused(tmp_path, http_server, url):
    url = url.format(port=http_server.server_address[1])
    http_server.serve("/wp-content/uploads/a.jpg", image_bytes())
    http_server.serve("/a.jpg", image_bytes())
    output = run(write(tmp_path, picture_post(1, url)))
    assert http_server.requests == []
    assert "featured image 91: " in output and "internal address" in output
    article = Article.objects.get()
    assert article.lead_image is None and article.is_live  # the story itself comes in
    assert not Image.objects.exists()


def test_a_picture_address_climbing_out_of_the_media_folder_is_not_read(tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(image_bytes())
    media = tmp_path / "uploads"
    media.mkdir()
    url = f"{SITE}/wp-content/uploads/../secret.jpg"
    output = run(write(tmp_path, picture_post(1, url)), "--media-dir", str(media), "--no-fetch")
    assert "not a path inside the media folder" in output
    assert not Image.objects.exists()


def test_pictures_failing_the_upload_checks_are_reported_not_imported(tmp_path, settings):
    media = tmp_path / "uploads"
    media.mkdir()
    (media / "notes.jpg").write_bytes(b"<svg onload='steal()'></svg>")
    (media / "huge.png").write_bytes(image_bytes((400, 300), fmt="PNG"))
    settings.NEWSROOM_IMAGE_MAX_PIXELS = 100_000  # 400×300 is 120,000
    items = [
        *picture_post(1, f"{SITE}/wp-content/uploads/notes.jpg"),
        *picture_post(2, f"{SITE}/wp-content/uploads/huge.png"),
    ]
    output = run(write(tmp_path, items), "--media-dir", str(media), "--no-fetch")
    assert "featured image 91: This file is not a picture we can use" in output
    assert "featured image 92: This picture is 400×300 pixels" in output
    assert not Image.objects.exists()
    assert Article.objects.count() == 2


def test_a_huge_body_is_cut_and_kept_from_readers(tmp_path):
    paragraph = "<p>" + "word " * 199 + "word</p>\n"  # 1,007 characters
    huge = paragraph * (bodies.MAX_BODY_CHARS // len(paragraph) + 50)
    output = run(write(tmp_path, [Post(1, "Huge", name="huge", content=huge)]))
    article = Article.objects.get()
    assert len(article.body) <= bodies.MAX_BODY_CHARS
    assert article.status == Article.Status.IN_REVIEW and article.published_at is None
    assert f"post 1 “Huge”: {len(huge):,} characters, cut at" in output


def test_a_failure_halfway_leaves_nothing_behind(tmp_path, monkeypatch, media_root):
    media = tmp_path / "uploads"
    media.mkdir()
    (media / "a.jpg").write_bytes(image_bytes())
    items = [*picture_post(1, f"{SITE}/wp-content/uploads/a.jpg"), Post(2, "Second", name="s")]
    from imports import wordpress

    original = wordpress.PostImport.import_post

    def fail_on_second(self, item):
        if item.post_id == "2":
            raise RuntimeError("the database went away")
        return original(self, item)

    monkeypatch.setattr(wordpress.PostImport, "import_post", fail_on_second)
    with pytest.raises(RuntimeError):
        run(write(tmp_path, items), "--media-dir", str(media))
    assert nothing_written()
    assert [p for p in Path(media_root).rglob("*") if p.is_file()] == []


def test_a_post_twice_in_the_export_is_imported_once(tmp_path):
    items = [Post(1, "Once", name="once"), Post(1, "Twice", name="twice")]
    output = run(write(tmp_path, items))
    assert list(Article.objects.values_list("headline", flat=True)) == ["Once"]
    assert "post 1 “Twice”: twice in the export" in output


def test_names_longer_than_our_fields_are_cut_and_reported(tmp_path):
    long_slug = "a-very-long-category-" * 5
    post = Post(
        1,
        "Headline " * 30,
        name="long",
        excerpt="Standfirst " * 50,
        categories=[(long_slug, "Category " * 12)],
        tags=[("tag", "Tag " * 40)],
    )
    output = run(write(tmp_path, [post]))
    article = Article.objects.get()
    assert len(article.headline) == 200 and len(article.dek) == 400
    assert len(article.section.slug) <= 80 and len(article.section.name) <= 80
    assert [len(name) for name in article.tags.names()] == [100]
    assert "title cut to 200 characters" in output and "excerpt cut to 400" in output
