"""manage.py import_wordpress on a generated export: posts per second, first and second run.

Run from the project root on a scratch database (DATABASE_URL; migrated), never the live one:

    .venv/bin/python bench/wordpress_import.py [--posts 2000] [--authors 20] [--pictures 100]

It writes a WXR file of `--posts` posts (about 600 words each, in paragraphs separated by
blank lines, a [caption] in one post of ten, statuses mostly published with some drafts,
pending, scheduled and private ones; `--authors` authors, twelve categories, tags, two
comments on one post of five) and a media folder with `--pictures` small JPEG featured
pictures (read from the folder, never fetched), into a temporary folder. The export's site
address is new on each run (https://bench-<time>.example), so the first import is a real
first import whatever the database already holds. Then it imports it twice and prints the
time and posts per second of each run, with the queries of each (the first writes every
story, the second only reads the mapping and changes nothing).
"""

import argparse
import io
import random
import tempfile
import time
from pathlib import Path

import inprocess  # noqa: F401  (sets Django up)
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from PIL import Image as PILImage  # noqa: E402

from articles.models import Article  # noqa: E402
from imports.models import ImportedObject  # noqa: E402

WORDS = [
    "council",
    "budget",
    "vote",
    "river",
    "bridge",
    "school",
    "minister",
    "market",
    "harbour",
    "election",
    "hospital",
    "water",
    "road",
    "police",
    "court",
    "mayor",
    "festival",
    "weather",
    "storm",
    "union",
    "teachers",
    "rail",
    "airport",
    "housing",
    "plan",
    "report",
    "inquiry",
    "museum",
    "library",
    "station",
    "farmers",
    "strike",
    "price",
]
STATUSES = ["publish"] * 85 + ["draft"] * 5 + ["pending"] * 4 + ["future"] * 3 + ["private"] * 3


def cdata(text):
    return f"<![CDATA[{text}]]>"


def body(rng, with_caption):
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 80))).capitalize() + "."
        for _ in range(10)
    ]
    if with_caption:
        paragraphs.insert(2, '[caption id="a" width="300"]<img src="/x.jpg" /> A photo[/caption]')
    return "\n\n".join(paragraphs)


def write_export(folder, *, posts, authors, pictures, site):
    rng = random.Random(18)
    uploads = folder / "uploads" / "2020" / "01"
    uploads.mkdir(parents=True)
    for n in range(pictures):
        color = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        PILImage.new("RGB", (640, 480), color).save(uploads / f"p{n}.jpg", quality=80)
    parts = [
        f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>{site}</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>{site}</wp:base_blog_url>"""
    ]
    for n in range(authors):
        parts.append(
            f"<wp:author><wp:author_login>{cdata(f'writer{n}')}</wp:author_login>"
            f"<wp:author_email>{cdata(f'writer{n}@{site[8:]}')}</wp:author_email>"
            f"<wp:author_display_name>{cdata(f'Writer {n}')}</wp:author_display_name>"
            "</wp:author>"
        )
    sections = [f"desk-{n}" for n in range(12)]
    for n, slug in enumerate(sections):
        parts.append(
            f"<wp:category><wp:term_id>{n + 10}</wp:term_id><wp:category_nicename>{slug}"
            f"</wp:category_nicename><wp:cat_name>{cdata(slug.title())}</wp:cat_name>"
            "</wp:category>"
        )
    for n in range(pictures):
        parts.append(
            f"<item><title>p{n}</title><wp:post_id>{100000 + n}</wp:post_id>"
            f"<wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>"
            f"<wp:attachment_url>{site}/wp-content/uploads/2020/01/p{n}.jpg</wp:attachment_url>"
            "</item>"
        )
    for n in range(1, posts + 1):
        status = rng.choice(STATUSES)
        year = 2030 if status == "future" else rng.randint(2012, 2024)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 09:{n % 60:02d}:00"
        slug = f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{n}"
        tags = "".join(
            f'<category domain="post_tag" nicename="{t}">{cdata(t)}</category>'
            for t in rng.sample(WORDS, 3)
        )
        thumbnail = ""
        if pictures and n % 10 == 0:
            thumbnail = (
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>"
                f"{100000 + rng.randrange(pictures)}</wp:meta_value></wp:postmeta>"
            )
        comments = "<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>" * (
            2 if n % 5 == 0 else 0
        )
        section = rng.choice(sections)
        parts.append(
            f"<item><title>{' '.join(rng.choice(WORDS) for _ in range(7)).capitalize()}</title>"
            f"<link>{site}/{date[:4]}/{date[5:7]}/{slug}/</link><guid>{site}/?p={n}</guid>"
            f"<dc:creator>{cdata(f'writer{rng.randrange(authors)}')}</dc:creator>"
            f"<content:encoded>{cdata(body(rng, n % 10 == 3))}</content:encoded>"
            f"<excerpt:encoded>{cdata('')}</excerpt:encoded><wp:post_id>{n}</wp:post_id>"
            f"<wp:post_date_gmt>{date}</wp:post_date_gmt><wp:post_name>{slug}</wp:post_name>"
            f"<wp:status>{status}</wp:status><wp:post_type>post</wp:post_type>"
            f'<category domain="category" nicename="{section}">{cdata(section.title())}'
            f"</category>{tags}{thumbnail}{comments}</item>"
        )
    parts.append("</channel></rss>\n")
    path = folder / "export.xml"
    path.write_text("\n".join(parts))
    return path


def timed_import(path, media_dir):
    out, queries = io.StringIO(), []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count):
        call_command(
            "import_wordpress", str(path), "--media-dir", str(media_dir), "--quiet", stdout=out
        )
    reset_queries()
    return time.perf_counter() - started, len(queries), out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--authors", type=int, default=20)
    parser.add_argument("--pictures", type=int, default=100)
    args = parser.parse_args()
    site = f"https://bench-{int(time.time())}.example"
    with tempfile.TemporaryDirectory(prefix="wordpress-bench-") as folder:
        folder = Path(folder)
        started = time.perf_counter()
        path = write_export(
            folder, posts=args.posts, authors=args.authors, pictures=args.pictures, site=site
        )
        size = path.stat().st_size
        print(
            f"Export: {args.posts:,} posts, {args.authors} authors, {args.pictures} pictures, "
            f"{size / 1e6:.1f} MB, written in {time.perf_counter() - started:.1f} s "
            f"({connection.vendor})"
        )
        stories_before = Article.objects.count()
        for run in ("first", "second"):
            seconds, queries, output = timed_import(path, folder / "uploads")
            print(
                f"{run:>6} run: {seconds:7.1f} s  {args.posts / seconds:8,.0f} posts/s  "
                f"{queries:,} queries"
            )
            print("        " + output.splitlines()[1])
        made = ImportedObject.objects.filter(source=f"wordpress:{site}", kind="post").count()
        print(f"Stories made: {Article.objects.count() - stories_before:,} ({made:,} mapped)")


if __name__ == "__main__":
    main()
