import time

from django.core.management.base import BaseCommand
from django.db.models import F, Q

from articles import related, story_parts
from articles.models import Article
from newsroom.serving import invalidation

CHUNK = 1000


class Command(BaseCommand):
    help = (
        "Work out the related list and render the page parts of every published story "
        "(live or scheduled) that has none, or whose parts are stale: after the migration "
        "that added them, or a bulk import. Newest stories first; progress every "
        f"{CHUNK} stories. --all does every story again (after a deploy that changes the story's "
        "templates: parts made by other templates are not used). Running it again does "
        "nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Every story, kept or not.")
        parser.add_argument(
            "--only", choices=["related", "parts"], help="Related lists only, or page parts only."
        )

    def handle(self, *args, all=False, only=None, **options):
        stories = Article.objects.filter(status=Article.Status.PUBLISHED).order_by(
            F("published_at").desc(), "-pk"
        )
        if only != "parts":
            unlisted = stories if all else stories.filter(kept_page__related_at__isnull=True)
            self.run(
                "related lists", list(unlisted.values_list("pk", flat=True)), self.keep_related
            )
        if only != "related":
            stale = stories.filter(
                Q(kept_page__isnull=True)
                | Q(kept_page__rendered_token__isnull=True)
                | ~Q(kept_page__rendered_token=F("kept_page__token"))
            )
            todo = stories if all else stale
            self.run("page parts", list(todo.values_list("pk", flat=True)), self.keep_parts)

    def run(self, what, ids, work):
        started = time.monotonic()
        self.scorer = related.Scorer()
        changed = []
        for start in range(0, len(ids), CHUNK):
            changed += work(ids[start : start + CHUNK])
            done = min(start + CHUNK, len(ids))
            rate = done / max(time.monotonic() - started, 0.001)
            self.stdout.write(f"{what}: {done:,} of {len(ids):,} ({rate:,.0f}/s)")
        # Pages showing a list made afresh show another one now.
        invalidation.forget([invalidation.row_tag(Article, pk) for pk in changed])
        self.stdout.write(f"{what}: {len(ids):,} done, {len(changed):,} changed.")

    def keep_related(self, ids):
        return related.keep(ids, self.scorer)

    def keep_parts(self, ids):
        story_parts.render_and_keep(ids)
        return []
