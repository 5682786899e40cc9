"""The demo's stories as plain data; every person, quote and event in them is invented.

`manage.py seed_demo` loads them in this order, after the records in
`generators/demo_records.py`. Rows are keyed by slug. A story's `published_at` is an offset
from the moment it is first loaded (negative: in the past; positive: scheduled); bodies are
HTML whose line breaks are collapsed to single spaces when loaded.
"""

from articles import revisions
from articles.models import Article
from generators.demo_stories_desk import DESK
from generators.demo_stories_earlier import EARLIER
from generators.demo_stories_recent import RECENT

STORIES = [*RECENT, *EARLIER, *DESK]


def record_first_revisions():
    """Give each demo story without revisions its first one, so its history starts here."""
    slugs = [story["slug"] for story in STORIES]
    for article in Article.objects.filter(slug__in=slugs, revisions__isnull=True):
        revisions.record(article=article, by=None, summary="Demo content")
