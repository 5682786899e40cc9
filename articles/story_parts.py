"""The parts of a story's page every reader gets the same: its meta tags with the JSON-LD,
and the story itself (byline, picture, body, quotes, notes, people, places, tags). They are
rendered once, on the task engine, when the story or something they show changes, and kept
in StoryPage.

A change to anything the parts show draws a new token for the stories that show it, in the
change's own transaction (forget(), called by articles/kept_invalidation.py), and queues
their rendering (tasks.render_story_pages). A rendering is kept only under the token read
before its rows were read, so one made from rows a change has just replaced is never used.
The page uses the parts only while their token is current, the story's own row is as it was
(fingerprint(): a writer that bypasses save() is caught too), and no note dated ahead has
come due (`fresh_until`); otherwise it renders them itself, from the same templates.
"""

import functools
import hashlib
import secrets

from django.conf import settings
from django.db.models import Min
from django.template.loader import get_template, render_to_string
from django.utils import timezone

from articles.models import Article, Correction, StoryPage

PARTS = {
    "head": "articles/includes/meta_article.html",
    "story": "articles/includes/story.html",
}
# What the parts' templates include, so a change to them is a change to the parts.
INCLUDED = ("articles/includes/picture.html",)
# The story's links whose ids are kept with the parts (Article.link_ids).
LINKED = ("tags", "places", "organisations")
# Stories rendered per task, and per round of queries in render_and_keep().
CHUNK = 200


def fingerprint(article):
    """A digest of the story's own row (every column, as loaded) and of how it is rendered
    (the templates, the site's address and name, time zone, storage, release): parts made
    by another release or configuration are not used."""
    values = [getattr(article, field.attname) for field in Article._meta.concrete_fields]
    values += [
        _templates_digest(),
        settings.NEWSROOM_RELEASE,
        settings.SITE_URL,
        settings.SITE_NAME,
        settings.MEDIA_URL,
        settings.STATIC_URL,
        settings.TIME_ZONE,
        settings.LANGUAGE_CODE,
        settings.STORAGES,
    ]
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


@functools.cache
def _templates_digest():
    """The parts' templates as this process has them (read once)."""
    digest = hashlib.blake2b(digest_size=16)
    for name in (*PARTS.values(), *INCLUDED):
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


def kept_page(article):
    """The story's StoryPage row (loaded with it by for_story_page()), or None."""
    try:
        return article.kept_page
    except StoryPage.DoesNotExist:
        return None


def usable(article, now):
    """The kept parts, if they are exactly what rendering the story now would give."""
    page = kept_page(article)
    if page is None or page.rendered_token is None or page.rendered_token != page.token:
        return None
    if page.fresh_until is not None and now >= page.fresh_until:
        return None
    if page.fingerprint != fingerprint(article):
        return None
    return page


def render_parts(article):
    """{part: HTML} for a story loaded with for_page() and its lead image's renditions."""
    context = {"article": article, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
    return {name: render_to_string(template, context) for name, template in PARTS.items()}


def shown(article):
    """The rows the parts show, named as the page cache names them (`person-3`): a page
    made from the parts depends on them as one rendered in full does."""
    rows = {("article", article.pk)}
    for name in ("section", "lead_image", "source", "dateline"):
        value = getattr(article, name)
        if value is not None:
            rows.add((value._meta.model_name, value.pk))
    if article.dateline is not None and article.dateline.parent_id is not None:
        rows.add(("place", article.dateline.parent_id))
    people = [b.person for b in article.bylines.all()] + list(article.people.all())
    people += [quote.speaker for quote in article.quotes.all()]
    rows.update(("person", person.pk) for person in people)
    for person in article.people.all():
        rows.update(("organisation", r.organisation_id) for r in person.roles.all())
    for name in ("organisations", "places", "tags"):
        rows.update((o._meta.model_name, o.pk) for o in getattr(article, name).all())
    return sorted(f"{model}-{pk}" for model, pk in rows if pk is not None)


def links(article):
    """The story's own tag, place and organisation ids, kept with the parts: the page reads
    them from there (Article.link_ids) rather than load the rows."""
    return {name: sorted(article.link_ids(name)) for name in LINKED}


def forget(article_ids):
    """The parts of these stories are stale from now (in this transaction), and queued
    to be rendered again after it commits."""
    from articles.tasks import render_story_pages

    ids = sorted(set(article_ids))
    if not ids:
        return
    token = secrets.randbits(62)
    StoryPage.objects.bulk_create(
        [StoryPage(article_id=pk, token=token) for pk in ids],
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["token"],
    )
    for start in range(0, len(ids), CHUNK):
        render_story_pages.enqueue(ids[start : start + CHUNK])


def render_and_keep(article_ids):
    """Render the parts of the published (live or scheduled) stories among `article_ids`
    and keep each under the token it had before its rows were read; the ids of the
    stories whose kept parts changed."""
    changed = []
    for start in range(0, len(article_ids), CHUNK):
        changed += _render_chunk(article_ids[start : start + CHUNK])
    return changed


def _render_chunk(article_ids):
    published = Article.objects.filter(pk__in=article_ids, status=Article.Status.PUBLISHED)
    ids = list(published.values_list("pk", flat=True))
    StoryPage.objects.bulk_create(
        [StoryPage(article_id=pk, token=secrets.randbits(62)) for pk in ids],
        ignore_conflicts=True,
    )
    before = {
        page.pk: page
        for page in StoryPage.objects.filter(article__in=ids).only("token", "head", "story")
    }
    now = timezone.now()
    due = dict(
        Correction.objects.filter(article__in=ids, published_at__gt=now)
        .values("article")
        .annotate(first=Min("published_at"))
        .values_list("article", "first")
    )
    stories = (
        Article.objects.filter(pk__in=ids).for_page().prefetch_related("lead_image__renditions")
    )
    changed = []
    for article in stories:
        old = before[article.pk]
        parts = render_parts(article)
        kept = StoryPage.objects.filter(article=article.pk, token=old.token).update(
            rendered_token=old.token,
            fingerprint=fingerprint(article),
            fresh_until=due.get(article.pk),
            shown=shown(article),
            links=links(article),
            **parts,
        )
        if kept and (old.head, old.story) != (parts["head"], parts["story"]):
            changed.append(article.pk)
    return changed
