"""“Related stories” under an article: worked out when a story that could be related
changes (tasks.refresh_related), kept in RelatedStory, and read with the page in one query.

A story's related stories are the published stories sharing people, places or tags with
it (3, 2 and 2 points for each shared one), best match first, then the newest; when fewer
than the page shows are live, the newest of its section fill the list. Only candidates are
scored: for each kind of link (people, places, tags), the stories of the RELATED_CANDIDATES
newest link rows among the story's own links, and the section's newest, so a popular tag
on thousands of stories costs no more than a rare one. The list kept has KEEP live stories
and the scheduled ones ranked among them, so that a story unpublished leaves enough for the
page, and a scheduled one shows in its place once its time comes; the page shows only live
ones.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Max, Min, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, RelatedStory, StoryPage
from newsroom.serving.dependencies import depends_on, list_tag, row_tag

# Stories considered for "related", per kind of link and for the section: the newest.
RELATED_CANDIDATES = 200
# Stories kept per list; the page shows SHOWN of them.
KEEP = 8
SHOWN = 4


@dataclass(frozen=True)
class Link:
    """One kind of link between stories: its table, columns and the points it scores."""

    name: str
    link_column: str
    article_column: str
    points: int

    def rows(self):
        if self.name == "tags":
            article_type = ContentType.objects.get_for_model(Article)
            return TaggedItem.objects.filter(content_type=article_type)
        return getattr(Article, self.name).through.objects.all()


LINKS = (
    Link("people", "person_id", "article_id", 3),
    Link("places", "place_id", "article_id", 2),
    Link("tags", "tag_id", "object_id", 2),
)


class Scorer:
    """Works out related lists, reading each story's links, each link's newest stories and
    each section's newest once, however many lists it works out."""

    def __init__(self):
        self.links = {link.name: {} for link in LINKS}  # kind -> story -> {link ids}
        self.newest = {link.name: {} for link in LINKS}  # kind -> link id -> [story ids]
        self.section_newest = {}  # section -> [story ids]
        self.published = {}  # story -> publication time, or None when not published
        self.section = {}  # story -> section

    def load_links(self, story_ids):
        wanted = [pk for pk in story_ids if pk not in self.links["people"]]
        for chunk in _chunks(wanted):
            for link in LINKS:
                found = self.links[link.name]
                for pk in chunk:
                    found[pk] = set()
                rows = link.rows().filter(**{f"{link.article_column}__in": chunk})
                for story, linked in rows.values_list(link.article_column, link.link_column):
                    found[story].add(linked)

    def load_newest(self):
        """Each link's newest stories (by id, as the link tables' indexes give them)."""
        for link in LINKS:
            known = self.newest[link.name]
            wanted = {i for ids in self.links[link.name].values() for i in ids} - known.keys()
            for chunk in _chunks(sorted(wanted)):
                rank = Window(
                    RowNumber(),
                    partition_by=[F(link.link_column)],
                    order_by=F(link.article_column).desc(),
                )
                rows = (
                    link.rows()
                    .filter(**{f"{link.link_column}__in": chunk})
                    .annotate(rank=rank)
                    .filter(rank__lte=RELATED_CANDIDATES)
                    .values_list(link.link_column, link.article_column)
                )
                for linked in chunk:
                    known[linked] = []
                for linked, story in rows:
                    known[linked].append(story)

    def load_stories(self, story_ids):
        wanted = [pk for pk in story_ids if pk not in self.published]
        for chunk in _chunks(wanted):
            for pk in chunk:
                self.published[pk] = None
            rows = Article.objects.filter(pk__in=chunk).values_list(
                "pk", "status", "published_at", "section_id"
            )
            for pk, status, published_at, section_id in rows:
                self.section[pk] = section_id
                if status == Article.Status.PUBLISHED:
                    self.published[pk] = published_at

    def load_sections(self):
        wanted = {s for s in self.section.values() if s is not None} - self.section_newest.keys()
        for section_id in wanted:
            self.section_newest[section_id] = list(
                Article.objects.published()
                .filter(section_id=section_id)
                .order_by("-published_at")
                .values_list("pk", flat=True)[:RELATED_CANDIDATES]
            )

    def score(self, story, other):
        return sum(
            link.points
            * len(self.links[link.name][story] & self.links[link.name].get(other, set()))
            for link in LINKS
        )

    def candidates(self, story):
        """The section's newest, and per kind of link the stories of the RELATED_CANDIDATES
        newest link rows among the story's own links (its own rows take places too)."""
        found = set(self.section_newest.get(self.section.get(story), ()))
        for link in LINKS:
            rows = [
                s
                for linked in self.links[link.name][story]
                for s in self.newest[link.name][linked]
            ]
            found.update(sorted(rows, reverse=True)[:RELATED_CANDIDATES])
        found.discard(story)
        return found

    def lists(self, story_ids):
        """{story: [(related story, score), ...]}, best first: KEEP live ones at most, and
        the scheduled ones ranked among them."""
        self.load_links(story_ids)
        self.load_stories(story_ids)
        self.load_newest()
        self.load_sections()
        candidates = {story: self.candidates(story) for story in story_ids}
        every = set().union(*candidates.values()) if candidates else set()
        self.load_links(every)
        self.load_stories(every)
        lists = {}
        now = timezone.now().timestamp()
        for story in story_ids:
            scored = []
            for other in candidates[story]:
                published_at = self.published.get(other)
                points = self.score(story, other)
                if published_at is not None and points > 0:
                    scored.append((-points, -published_at.timestamp(), -other))
            scored.sort()
            lists[story] = kept = []
            live = 0
            # KEEP live stories, and the scheduled ones among them: a scheduled story sorts
            # first (its time is ahead) and shows once its time comes.
            for points, when, other in scored:
                kept.append((-other, -points))
                live += -when <= now
                if live == KEEP:
                    break
        return lists


def _chunks(ids, size=900):
    # SQLite takes at most 999 parameters in older builds; PostgreSQL does not mind.
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def keep(story_ids, scorer=None):
    """Work out and keep the related lists of `story_ids`; the ids of the stories whose
    page shows another list now."""
    scorer = scorer or Scorer()
    existing = Article.objects.filter(pk__in=list(story_ids)).values_list("pk", flat=True)
    lists = scorer.lists(sorted(existing))
    kept = defaultdict(list)
    for article_id, related_id, score in RelatedStory.objects.filter(
        article__in=lists
    ).values_list("article_id", "related_id", "score"):
        kept[article_id].append((related_id, score))
    made = set(
        StoryPage.objects.filter(article__in=lists, related_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    changed = [pk for pk, new in lists.items() if pk not in made or kept.get(pk, []) != new]
    now = timezone.now()
    with transaction.atomic():
        if changed:
            # Replaced whole, without signals: the caller forgets the pages that changed.
            RelatedStory.objects.filter(article__in=changed)._raw_delete(using="default")
            RelatedStory.objects.bulk_create(
                RelatedStory(article_id=pk, related_id=related, position=n, score=score)
                for pk in changed
                for n, (related, score) in enumerate(lists[pk])
            )
        StoryPage.objects.bulk_create(
            [StoryPage(article_id=pk, related_at=now) for pk in lists],
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["related_at"],
        )
    # A list made for the first time is what the page worked out without it.
    return [pk for pk in changed if pk in made]


def lists_to_refresh(story_id):
    """The stories whose related list a change to `story_id` may change: itself, the
    stories listing it, and, while it is published, the stories sharing a link with it
    whose list it would now enter (it scores at least their last kept story)."""
    affected = {story_id}
    listing = RelatedStory.objects.filter(related=story_id)
    affected.update(listing.values_list("article", flat=True))
    scorer = Scorer()
    scorer.load_stories([story_id])
    if scorer.published.get(story_id) is None:
        return affected
    scorer.load_links([story_id])
    sharing = set()
    for link in LINKS:
        linked = scorer.links[link.name][story_id]
        if linked:
            rows = link.rows().filter(**{f"{link.link_column}__in": linked})
            sharing.update(rows.values_list(link.article_column, flat=True))
    sharing.discard(story_id)
    scorer.load_links(sharing)
    lowest = {}
    for chunk in _chunks(sorted(sharing)):
        rows = (
            RelatedStory.objects.filter(article__in=chunk)
            .values("article")
            .annotate(lowest=Min("score"), last=Max("position"))
        )
        for row in rows:
            # A full list admits only a story scoring at least its last one.
            full = row["last"] + 1 >= KEEP
            lowest[row["article"]] = row["lowest"] if full else 0
    affected.update(
        other for other in sharing if scorer.score(other, story_id) >= lowest.get(other, 0)
    )
    return affected


def refresh(story_id):
    """Keep afresh every related list a change to `story_id` may have changed; the ids of
    the stories whose list changed."""
    return keep(sorted(lists_to_refresh(story_id)))


def related_stories(article, count=SHOWN):
    """The related stories a page shows: the live ones of the kept list in order (one
    query), or for a story whose list was never made (a preview, a story published a
    moment ago) the same worked out now; then, if fewer than `count`, the section's newest
    (one more query). Their lead images' renditions are the caller's to fetch, with the
    story's own when it needs them (one query for the page)."""
    published = Article.objects.published().exclude(pk=article.pk)
    cards = published.select_related("section", "lead_image")
    page = _kept_page(article)
    if article.is_live and page is not None and page.related_at is not None:
        # Scheduled stories of the list too: not shown yet, but the page depends on them,
        # so it ends when the first of them goes live (newsroom/serving/schedule.py).
        listed = (
            Article.objects.filter(status=Article.Status.PUBLISHED, listed_in__article=article)
            .select_related("section", "lead_image")
            .order_by("listed_in__position")
        )
        now = timezone.now()
        related = []
        for story in listed:
            if story.published_at <= now:
                related.append(story)
            else:
                depends_on(row_tag("article", story.pk))
    else:
        ranked = [pk for pk, _ in Scorer().lists([article.pk])[article.pk]]
        found = cards.in_bulk(ranked)
        related = [found[pk] for pk in ranked if pk in found]
    related = related[:count]
    if len(related) < count and article.section_id:
        # Filled from the section's newest: a story entering the section changes them.
        depends_on(list_tag("section", article.section_id))
        shown = [story.pk for story in related]
        newest = cards.filter(section_id=article.section_id).exclude(pk__in=shown)
        related += list(newest.order_by("-published_at", "-pk")[: count - len(related)])
    return related


def _kept_page(article):
    try:
        return article.kept_page
    except StoryPage.DoesNotExist:
        return None
