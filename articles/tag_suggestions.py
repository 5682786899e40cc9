"""Existing tags offered as a journalist types one, so the same subject keeps one tag."""

from django.utils.text import slugify
from taggit.models import Tag

LIMIT = 10


def suggest_tags(typed, limit=LIMIT):
    """The names of up to `limit` tags whose slug starts as the typed text's does.

    By slug, because slugs are what makes two tags the same, and because the slug's unique
    index answers a prefix (on PostgreSQL Django adds its `varchar_pattern_ops` twin): one
    indexed lookup, whatever the number of tags.
    """
    prefix = slugify(typed)
    if not prefix:
        return []
    return list(
        Tag.objects.filter(slug__startswith=prefix)
        .order_by("slug")
        .values_list("name", flat=True)[:limit]
    )
