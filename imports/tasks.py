"""Wire ingest's background work: fetching a polled source, and a new story's picture.
Each is safe to run twice: items are taken once per version (imports/ingest.py) and a
picture only while the story has none; each returns a sentence when there is nothing to do.

A feed that is down is tried again (FETCH_RETRY); a refused address or an unreadable
document is noted on the source and not retried.
"""

from django.db import transaction

from articles import story_parts, workflow
from articles.models import Article
from background.engine import Retry, task
from imports import ingest, pictures
from imports.items import MAX_FEED_BYTES, FeedProblem
from imports.models import FeedSource
from newsroom import safe_fetch
from newsroom.serving import invalidation

# A feed or picture server down for a while: three tries over about five minutes (the next
# poll_sources run tries a polled source again anyway).
FETCH_RETRY = Retry(max_attempts=3, first_delay=60)

ACCEPT = {
    FeedSource.Format.NINJS: "application/json",
    FeedSource.Format.NEWSML: "application/vnd.iptc.g2.newsitem+xml, application/xml",
    FeedSource.Format.RSS: "application/rss+xml, application/atom+xml, application/xml",
}


@task(retry=FETCH_RETRY)
def poll_source(source_id):
    """Fetch a polled source's feed and take its items; a refused address or a document
    that cannot be read is noted on the source (no retry: it would fail the same way)."""
    source = FeedSource.objects.filter(pk=source_id, is_active=True).first()
    if source is None:
        return "The source is gone or inactive; nothing fetched."
    try:
        fetched = safe_fetch.fetch(
            source.url, max_bytes=MAX_FEED_BYTES, accept=ACCEPT[source.format]
        )
    except safe_fetch.FetchRefused as refused:
        ingest.record_failure(source, f"Refused: {refused}")
        return f"Refused: {refused}"
    except safe_fetch.FetchError as error:
        ingest.record_failure(source, f"Could not fetch: {error}")
        raise
    try:
        report = ingest.receive(source, fetched.content)
    except FeedProblem as problem:
        return f"Not read: {problem}"
    return " ".join(report.lines())


@task(retry=FETCH_RETRY)
def fetch_lead_picture(article_id, url, caption="", credit=""):
    """Fetch an agency item's picture (public addresses only, the upload's checks) and make
    it the story's lead image while it has none. A picture refused is noted on the story."""
    story = Article.objects.filter(pk=article_id).first()
    if story is None or story.lead_image_id is not None:
        return "The story is gone or has its picture; nothing fetched."
    try:
        data = pictures.fetch_bytes(url)
        with transaction.atomic():
            image = pictures.save_image(
                data, name=url.rsplit("/", 1)[-1][:100], caption=caption, credit=credit
            )
            taken = Article.objects.filter(pk=article_id, lead_image__isnull=True).update(
                lead_image=image
            )
            if taken:
                # Written without signals: the story's page and kept parts say so themselves.
                invalidation.forget([invalidation.row_tag("article", article_id)])
                story_parts.forget([article_id])
    except pictures.PictureProblem as problem:
        workflow.record_transition(
            article=story, from_status=story.status, by=None, note=f"Picture not taken: {problem}"
        )
        return f"Picture not taken: {problem}"
    return f"Picture {image.pk} is the lead image."
