"""A WordPress export made our stories: `PostImport`, for `manage.py import_wordpress`.

Each post becomes an Article with its status and time, its author's byline (records.py),
its primary category as section and the other categories beside its tags, its featured
picture as lead image, a body cleaned by bodies.py, a workflow step saying where it came
from, and every address it had (its permalink, `?p=<id>`, its guid when that is an address
on the old site) as an OldAddress. What was made is remembered (ImportedObject), so the
same export imported again changes nothing; a post changed in the export since is
reported, never overwritten (the story belongs to the newsroom once imported).
"""

import hashlib
import html
import json
from collections import Counter
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from articles import workflow
from articles.html import plain_text
from articles.models import Article, Byline
from imports import bodies
from imports.models import ImportedObject, OldAddress
from imports.old_addresses import stored_path
from imports.records import Records, unique_slug

Status = Article.Status
# WordPress's post statuses and ours; None: not imported (reported).
STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,  # published with a time to come: scheduled
    "draft": Status.DRAFT,
    "pending": Status.IN_REVIEW,
    "private": None,
    "trash": None,
    "auto-draft": None,
}
MAX_DEK = 400
BATCH = 1000
MAX_HEADLINE = 200


def source_of(export):
    return f"wordpress:{export.site_url}"


def digest(item):
    """A fingerprint of what the import reads from a post."""
    values = [
        item.title,
        item.content,
        item.excerpt,
        item.status,
        item.post_date_gmt,
        item.post_name,
        item.creator,
        [(t.slug, t.name) for t in item.categories],
        [t.name for t in item.tags],
        item.meta.get("_thumbnail_id", ""),
    ]
    return hashlib.sha256(json.dumps(values).encode()).hexdigest()


class PostImport:
    """One run over an export's posts; `run()` writes, the caller owns the transaction."""

    def __init__(self, export, *, report, progress, media_dir=None, fetch=True, dry_run=False):
        self.export = export
        self.source = source_of(export)
        self.report = report
        self.progress = progress
        self.records = Records(
            export,
            source=self.source,
            report=report,
            media_dir=media_dir,
            fetch=fetch,
            dry_run=dry_run,
        )
        self.slugs = set()
        self.tags = {}  # lower-case name -> Tag
        self.mapped, self.old_addresses = [], []  # written by run() at the end
        self.article_type = ContentType.objects.get_for_model(Article)

    @property
    def saved_files(self):
        return self.records.saved_files

    def run(self):
        items = self.export.items
        others = Counter(item.post_type for item in items if item.post_type != "post")
        for post_type, n in sorted(others.items()):
            if post_type != "attachment":
                self.report.note("Not stories", f"{n:,} of type “{post_type}”: not imported")
        posts = [item for item in items if item.post_type == "post"]
        known = {
            row.external_id: row
            for row in ImportedObject.objects.filter(
                source=self.source, kind=ImportedObject.Kind.POST
            )
        }
        self.existing = set(
            Article.objects.filter(pk__in=[row.object_id for row in known.values()]).values_list(
                "pk", flat=True
            )
        )
        self.addresses = dict(OldAddress.objects.values_list("path", "article_id"))
        comments = 0
        self.progress.start("posts", len(posts))
        seen = set()
        for item in posts:
            comments += item.comments
            if item.post_id in seen:
                self.report.note("Skipped", f"{self.label(item)}: twice in the export")
            elif item.post_id in known:
                self.already_imported(item, known[item.post_id])
            else:
                self.import_post(item)
            seen.add(item.post_id)
            self.progress.advance()
        featured = {item.meta.get("_thumbnail_id") for item in posts}
        unused = [key for key in self.records.attachments if key not in featured]
        if unused:
            self.report.note(
                "Not stories",
                f"{len(unused):,} attachments that are no post's featured image: not imported "
                "(story bodies carry no pictures)",
            )
        # The mapping and the addresses go in a few INSERTs at the end (a third of the
        # queries, one at a time); the same transaction, so a failure leaves neither.
        ImportedObject.objects.bulk_create(self.mapped, batch_size=BATCH)
        OldAddress.objects.bulk_create(self.old_addresses, batch_size=BATCH)
        self.progress.finish()
        if comments:
            self.report.note(
                "Comments", f"{comments:,} comments ignored (comments are not imported)"
            )

    def label(self, item):
        return f"post {item.post_id} “{plain_text(html.unescape(item.title), 8)}”"

    def already_imported(self, item, row):
        if row.object_id not in self.existing:
            # Deleted here on purpose, most likely: an import never brings a story back.
            self.report.note("Deleted here since imported (not imported again)", self.label(item))
            return
        self.report.count("already imported")
        if row.digest != digest(item):
            self.report.note(
                "Changed in the export since imported (left as they are here)", self.label(item)
            )

    def import_post(self, item):
        label = self.label(item)
        if not item.post_id.isdigit():
            self.report.note("Skipped", f"{label}: no post id")
            return
        status = STATUSES.get(item.status, "unknown")
        if status == "unknown":
            self.report.note("Skipped", f"{label}: unknown status “{item.status}”")
            return
        if status is None:
            self.report.note("Skipped", f"{label}: {item.status}")
            self.report.count(f"skipped ({item.status})")
            return
        published_at = item.published_at if status == Status.PUBLISHED else None
        if status == Status.PUBLISHED and published_at is None:
            self.report.note("Statuses", f"{label}: {item.status} with no date; imported as draft")
            status = Status.DRAFT
        body = bodies.convert(item.content)
        if body.cut_from and status == Status.PUBLISHED:
            status, published_at = Status.IN_REVIEW, None
        self.note_body(label, body)
        article = Article(
            headline=self.headline(item, label),
            slug=unique_slug(
                Article, self.wordpress_slug(item), self.slugs, fallback=f"post-{item.post_id}"
            ),
            dek=self.dek(item, label),
            body=body.html,
            status=status,
            published_at=published_at,
        )
        primary, other_categories = self.records.primary_category(item)
        article.section = self.records.section(primary)
        if primary is None:
            self.report.count("without section")
        article.lead_image = self.records.featured_image(item, label)
        article.save()
        workflow.record_transition(
            article=article,
            from_status="",
            by=None,
            note=f"Imported from WordPress ({self.export.site_url}, post {item.post_id}).",
        )
        person = self.records.person(item.creator)
        if person is not None:
            Byline.objects.create(article=article, person=person, order=1)
        tags = {term.name.strip()[:100] for term in item.tags if term.name.strip()}
        if other_categories:
            tags |= {term.name.strip()[:100] for term in other_categories if term.name.strip()}
            self.report.count("other categories kept as tags", len(other_categories))
        self.tag(article, sorted(tags))
        self.mapped.append(
            ImportedObject(
                source=self.source,
                kind=ImportedObject.Kind.POST,
                external_id=item.post_id,
                record=article,
                digest=digest(item),
            )
        )
        self.keep_addresses(item, article, label)
        self.report.count(f"{article.state_label.lower()} stories")

    def tag(self, article, names):
        """Tag `article`: each tag found (case aside, as TAGGIT_CASE_INSENSITIVE) or made
        once per run, the links written in one INSERT (taggit's add() took half the time).
        bulk_create sends no signal; the command forgets the cached pages at the end."""
        tags = {}
        for name in names:
            key = name.lower()
            if key not in self.tags:
                found = Tag.objects.filter(name__iexact=name).first()
                self.tags[key] = found or Tag.objects.create(name=name)
            tags[self.tags[key].pk] = self.tags[key]
        TaggedItem.objects.bulk_create(
            TaggedItem(tag=tag, content_type=self.article_type, object_id=article.pk)
            for tag in tags.values()
        )

    def headline(self, item, label):
        headline = plain_text(html.unescape(item.title))
        if not headline:
            self.report.note("Headlines", f"{label}: no title; called “Untitled”")
            return f"Untitled (WordPress post {item.post_id})"
        if len(headline) > MAX_HEADLINE:
            self.report.note("Headlines", f"{label}: title cut to {MAX_HEADLINE} characters")
        return headline[:MAX_HEADLINE]

    def dek(self, item, label):
        dek = plain_text(item.excerpt)
        if len(dek) > MAX_DEK:
            self.report.note("Standfirsts", f"{label}: excerpt cut to {MAX_DEK} characters")
        return dek[:MAX_DEK]

    def wordpress_slug(self, item):
        return unquote(item.post_name) or item.title

    def note_body(self, label, body):
        if body.cut_from:
            self.report.note(
                "Bodies",
                f"{label}: {body.cut_from:,} characters, cut at {bodies.MAX_BODY_CHARS:,}; "
                "imported in review, not published",
            )
        if body.captions:
            self.report.note(
                "Bodies", f"{label}: {body.captions} [caption] picture(s) removed from the body"
            )
        if body.galleries:
            self.report.note("Bodies", f"{label}: {body.galleries} [gallery] removed")
        for what, n in sorted(body.taken_out.items()):
            self.report.note("Removed from bodies", f"{label}: {n} × {what}")
        for name, n in sorted(body.shortcodes.items()):
            self.report.note("Shortcodes left in bodies", f"{label}: [{name}] × {n}")

    def old_urls(self, item):
        """Every address the post had: its permalink, `?p=<id>` under the site's address,
        and its guid when that is an address on the old site."""
        site = urlsplit(self.export.site_url)
        urls = [item.link, f"{site.path.rstrip('/')}/?p={item.post_id}"]
        guid = urlsplit(item.guid)
        if guid.scheme in {"http", "https"} and guid.hostname == site.hostname:
            urls.append(item.guid)
        return urls

    def keep_addresses(self, item, article, label):
        for url in self.old_urls(item):
            if not url:
                continue
            path = stored_path(url)[:500]
            owner = self.addresses.get(path)
            if owner == article.pk:
                continue
            if owner is not None:
                self.report.note(
                    "Old addresses", f"{label}: {path} already leads to story {owner}"
                )
                continue
            self.old_addresses.append(OldAddress(path=path, article=article, source=self.source))
            self.addresses[path] = article.pk
            self.report.count("old addresses")
