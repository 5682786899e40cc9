"""“Related stories” under an article: one query, whatever the size of the archive."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, OuterRef, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from articles.models import Article

# Stories considered for "related", per kind of link and for the section: the newest.
RELATED_CANDIDATES = 200


def _newest(rows):
    """The first RELATED_CANDIDATES of `rows`, where the database can limit a part of a
    UNION (PostgreSQL; SQLite cannot, and holds small archives)."""
    if connection.features.supports_slicing_ordering_in_compound:
        return rows[:RELATED_CANDIDATES]
    return rows.order_by()


def _article_type():
    return ContentType.objects.get_for_model(Article)


def related_stories(article, count=4):
    """Published stories sharing people, places or tags (3, 2 and 2 points for each),
    best match first, then the newest of the same section.

    One query, whatever the size of the archive. The candidates are, for each person,
    place and tag set, the RELATED_CANDIDATES newest stories linked to them (found in
    the link tables by their indexes), and the section's newest; only those are scored
    by counting their shared links. A popular tag on thousands of stories therefore
    costs no more than a rare one. It uses the ids for_page() prefetched, and one more
    query fetches the renditions of every lead image on the page (this story's too).
    """
    people = [p.pk for p in article.people.all()]
    places = [p.pk for p in article.places.all()]
    tags = [t.pk for t in article.tags.all()]
    published = Article.objects.published()
    links = [
        (Article.people.through.objects.filter(person__in=people), "article_id", 3),
        (Article.places.through.objects.filter(place__in=places), "article_id", 2),
        (
            TaggedItem.objects.filter(tag__in=tags, content_type=_article_type()),
            "object_id",
            2,
        ),
    ]
    candidates = []
    score = Value(0)
    for rows, column, points in [
        link for link, ids in zip(links, [people, places, tags], strict=True) if ids
    ]:
        candidates.append(_newest(rows.order_by(f"-{column}").values_list(column)))
        shared = (
            rows.filter(**{column: OuterRef("pk")})
            .order_by()
            .values(column)
            .annotate(n=Count("*"))
            .values("n")
        )
        score = score + Coalesce(Subquery(shared), 0) * points
    if article.section_id:
        newest = published.filter(section_id=article.section_id).order_by("-published_at")
        candidates.append(_newest(newest.values_list("pk")))
    if not candidates:
        related = []
    else:
        # One subquery (a UNION), so PostgreSQL looks the candidates up by primary key
        # instead of testing every story against several IN lists.
        related = list(
            published.exclude(pk=article.pk)
            .filter(pk__in=candidates[0].union(*candidates[1:], all=True))
            .annotate(score=score)
            .order_by("-score", "-published_at")
            .select_related("section", "lead_image")[:count]
        )
    # This story's lead image and theirs: one query for every rendition.
    prefetch_related_objects([article, *related], "lead_image__renditions")
    return related
