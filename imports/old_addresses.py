"""Old permalinks answering 301 to the story's address here.

The middleware stands just outside the page cache. A request for WordPress's short form
(`?p=<id>`, on the home page or any other path) is looked up before anything else, since
the path alone would answer 200; any other address is looked up only when the site
answered 404, so every page we have answers as before (from the cache or not) and an
address we do not know gets the normal 404 page. Only published stories are redirected
to: a draft's old address stays a 404, as its page would be.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

from articles.models import Article
from imports.models import OldAddress


def stored_path(url):
    """The OldAddress.path for an old URL: its path, percent-decoded as requests arrive,
    with WordPress's `?p=<id>` kept and any other query dropped."""
    parts = urlsplit(url)
    path = unquote(parts.path) or "/"
    post = parse_qs(parts.query).get("p", [""])[0]
    return f"{path}?p={post}" if post.isdigit() else path


def candidates(request):
    """The stored paths a request may be: with `?p=`, that form only; else the path with
    and without its trailing slash."""
    post = request.GET.get("p", "")
    if post:
        return [f"{request.path}?p={post}"] if post.isdigit() else []
    path = request.path
    other = path[:-1] if path.endswith("/") and len(path) > 1 else f"{path}/"
    return [path, other]


def find_story(paths):
    """The published story one of `paths` belonged to, or None."""
    if not paths:
        return None
    return (
        Article.objects.published()
        .filter(pk__in=OldAddress.objects.filter(path__in=paths).values("article_id"))
        .first()
    )


class OldAddressMiddleware:
    """301 from an old site's address to the story; the response unchanged otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        if "p" in request.GET:
            story = find_story(candidates(request))
            if story is not None:
                return redirect_to(story)
        response = self.get_response(request)
        if response.status_code == 404 and "p" not in request.GET:
            story = find_story(candidates(request))
            if story is not None:
                return redirect_to(story)
        return response


def redirect_to(story):
    """301 to the story, which nginx or a CDN may keep as long as a reader page (the same for
    every reader: only published stories are redirected to)."""
    response = HttpResponsePermanentRedirect(story.get_absolute_url())
    patch_cache_control(
        response,
        public=True,
        max_age=settings.NEWSROOM_PAGE_MAX_AGE,
        s_maxage=settings.NEWSROOM_PAGE_SHARED_MAX_AGE,
    )
    return response
