"""Finding stories: PostgreSQL full text where available, a simple fallback elsewhere."""

from articles.models import Article

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """The query as we will run it: trimmed, single-spaced, at most 200 characters."""
    return " ".join(str(raw).split())[:MAX_QUERY_LENGTH]


def search_articles(query):
    """Published stories matching `query`, best first. (Stub: replaced by full text.)"""
    return Article.objects.published().filter(headline__icontains=query).for_list()
