"""The syndication API: `/api/v1/stories/` (a page of ninjs documents) and one story.

Thin views on REST framework: the key (access.py), what it may take (rights.syndicable()),
the filters and cursor (listing.py), the documents (ninjs.py). Answers are JSON, errors
too (`{"detail": "..."}`), never cached by the reader page cache (they are not reader
pages) and marked private for any cache between.
"""

from django.utils import timezone
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from articles.models import Article
from newsroom.serving.public_urls import absolute_url
from syndication import listing, ninjs, openapi
from syndication.access import ApiKeyAuthentication, ApiKeyRateThrottle, HasApiKey
from syndication.rights import syndicable


def ninjs_version(request):
    version = request.query_params.get("ninjs") or ninjs.DEFAULT_VERSION
    if version not in ninjs.VERSIONS:
        raise ParseError(f"ninjs must be one of {', '.join(sorted(ninjs.VERSIONS))}.")
    return version


def keyed(view):
    """The API's door: a key, its rate limit, JSON out."""
    view = throttle_classes([ApiKeyRateThrottle])(view)
    view = permission_classes([HasApiKey])(view)
    return authentication_classes([ApiKeyAuthentication])(view)


def _private(response):
    patch_cache_control(response, private=True, no_cache=True)
    return response


@extend_schema(
    operation_id="stories_list",
    parameters=openapi.LIST_PARAMETERS,
    responses=openapi.LIST_RESPONSES,
)
@api_view(["GET"])
@keyed
def story_list(request):
    """Published stories the key may take, in the order they last changed, oldest first."""
    params, key = request.query_params, request.auth
    version = ninjs_version(request)
    size = listing.page_size(params.get("limit"))
    cursor = params.get("cursor")
    after = listing.Position.decode(cursor) if cursor else None
    at = timezone.now()
    changed_since = listing.since(params.get("since"))
    articles = listing.filtered(syndicable(Article.objects.all(), key, at=at), params, key)
    rows, following, more = listing.page(
        articles.select_related(*ninjs.RELATED),
        embargoed=key.allows_embargoed,
        at=at,
        after=after,
        since=changed_since,
        size=size,
    )
    ninjs.read_relations(rows)
    # Always an address to come back to: the page after this one, or, at the end, where
    # the next story to change will be (a partner polls it).
    next_url = None
    if following is not None:
        query = params.copy()
        query["cursor"] = following.encode()
        next_url = absolute_url(f"{reverse('syndication:story-list')}?{query.urlencode()}")
    memo = {}
    items = [ninjs.as_version(ninjs.document(a, at=at, memo=memo), version) for a in rows]
    return _private(Response({"items": items, "next": next_url, "more": more, "limit": size}))


@extend_schema(
    operation_id="story_retrieve",
    parameters=[openapi.NINJS_PARAMETER],
    responses=openapi.STORY_RESPONSES,
)
@api_view(["GET"])
@keyed
def story_detail(request, pk):
    """One story the key may take, by id (what a webhook notice points at)."""
    version = ninjs_version(request)
    articles = ninjs.for_documents(syndicable(Article.objects.filter(pk=pk), request.auth))
    article = articles.first()
    if article is None:
        raise NotFound("No such story, or not one this key may take.")
    return _private(Response(ninjs.as_version(ninjs.document(article), version)))
