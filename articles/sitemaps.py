"""Sitemaps for crawlers: an index at /sitemap.xml, its parts, and Google News.

The index lists a part for each kind of list page (the home page, sections, people,
authors, places, organisations, tags), a part for each month with published stories, and
the Google News sitemap. A month is the calendar month of the publication time in
TIME_ZONE, the month in the story's own address. Publishing a story changes only its
month's part, so a crawler can skip the months whose `lastmod` it has already seen, and
each part is cached on its own. No part lists more than `limit` addresses: a longer list or
a busier month goes on at `?p=2`, `?p=3`, ..., a month's stories oldest first so that its
earlier pages stay as they were while the month fills. A part with nothing in it does not
exist (404) and is not in the index.

Addresses use the scheme and host of settings.SITE_URL, never the host a request came in
on: we do not install django.contrib.sites, and a crawler reaching us through a proxy's
internal name must still be told the public one.
"""

import math
from datetime import datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap, x_robots_tag
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Organisation, Person, Place, Section
from newsroom.serving.dependencies import LINKS, STORIES, depends_on, every_tag
from newsroom.serving.public_urls import absolute_url

NEWS_WINDOW = timedelta(days=2)


class SiteURLSitemap(Sitemap):
    """A part of the sitemap: addresses on settings.SITE_URL, `limit` to a page."""

    # Well under the protocol's 50,000 addresses, so that each part renders quickly.
    limit = 5000
    # An empty part is a 404, and the index leaves it out.
    allow_empty = False

    @property
    def paginator(self):
        depends_on(STORIES)
        return Paginator(self._items(), self.limit, allow_empty_first_page=self.allow_empty)

    def get_urls(self, page=1, site=None, protocol=None):
        site_url = urlsplit(settings.SITE_URL)
        return super().get_urls(
            page=page, site=SimpleNamespace(domain=site_url.netloc), protocol=site_url.scheme
        )


class HomeSitemap(SiteURLSitemap):
    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]


class StorySitemap(SiteURLSitemap):
    """Stories, with the time readers last saw each change."""

    def stories(self):
        # Only what the address and lastmod need.
        return Article.objects.published().only(
            "slug", "published_at", "created_at", "modified_at"
        )

    def lastmod(self, article):
        return article.last_modified_at


class MonthSitemap(StorySitemap):
    """The stories published in one calendar month of TIME_ZONE, oldest first."""

    def __init__(self, year, month):
        """Raises ValueError or OverflowError for a month a datetime cannot hold."""
        following = (year, month + 1) if month < 12 else (year + 1, 1)
        self.starts_at = timezone.make_aware(datetime(year, month, 1))
        self.ends_at = timezone.make_aware(datetime(*following, 1))

    def items(self):
        # Oldest first: a new story goes at the end, and the earlier pages keep their lists.
        return (
            self.stories()
            .filter(published_at__gte=self.starts_at, published_at__lt=self.ends_at)
            .order_by("published_at", "pk")
        )


class NewsSitemap(StorySitemap):
    """Google News: stories published in the last two days (sitemaps/news.xml)."""

    limit = 1000  # Google News reads at most 1,000 stories per sitemap.
    allow_empty = True  # a fixed address (robots.txt, the index): empty, it lists nothing

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .only("headline", "slug", "published_at", "created_at", "modified_at")
            .order_by("-published_at", "-pk")
        )


class ListSitemap(SiteURLSitemap):
    """Pages listing stories, for the rows with at least one published story."""

    url_name = None

    @property
    def paginator(self):
        # The records' own addresses, and which of them have stories.
        depends_on(every_tag(self.model), LINKS)
        return super().paginator

    def location(self, item):
        return reverse(self.url_name, kwargs={"slug": item.slug})


class SectionSitemap(ListSitemap):
    url_name = "articles:section-detail"
    model = Section

    def items(self):
        published = Article.objects.published()
        return Section.objects.filter(pk__in=published.values("section"))


class PersonSitemap(ListSitemap):
    url_name = "articles:person-detail"
    model = Person

    def items(self):
        # A person's page lists the stories about them, by them, and their quotes.
        published = Article.objects.published()
        return Person.objects.filter(
            Q(pk__in=published.values("people"))
            | Q(pk__in=published.values("bylines__person"))
            | Q(pk__in=published.values("quotes__speaker"))
        ).order_by("name", "pk")


class AuthorSitemap(ListSitemap):
    url_name = "articles:author-detail"
    model = Person

    def items(self):
        published = Article.objects.published()
        return Person.objects.filter(pk__in=published.values("bylines__person")).order_by(
            "name", "pk"
        )


class PlaceSitemap(ListSitemap):
    url_name = "articles:place-detail"
    model = Place

    def items(self):
        return Place.objects.with_stories_in(Article.objects.published()).order_by("name", "pk")


class OrganisationSitemap(ListSitemap):
    url_name = "articles:organisation-detail"
    model = Organisation

    def items(self):
        published = Article.objects.published()
        return Organisation.objects.filter(pk__in=published.values("organisations")).order_by(
            "name", "pk"
        )


class TagSitemap(ListSitemap):
    url_name = "articles:tag-detail"
    model = Tag

    def items(self):
        published = Article.objects.published()
        return Tag.objects.filter(pk__in=published.values("tags")).order_by("name", "pk")


# The parts of the index that list pages other than stories, by their name in the address.
LIST_SITEMAPS = {
    "home": HomeSitemap,
    "sections": SectionSitemap,
    "people": PersonSitemap,
    "authors": AuthorSitemap,
    "places": PlaceSitemap,
    "organisations": OrganisationSitemap,
    "tags": TagSitemap,
}


def story_months():
    """(year, month, number of stories, when the last of them changed) for each month with
    published stories, oldest first: one query."""
    rows = (
        Article.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .order_by("month")
        .values("month")
        .annotate(stories=Count("pk"), published=Max("published_at"), modified=Max("modified_at"))
    )
    return [
        (
            row["month"].year,
            row["month"].month,
            row["stories"],
            max(filter(None, [row["published"], row["modified"]])),
        )
        for row in rows
    ]


def part_pages(url, pages, lastmod):
    """The index's entries for one part of `pages` pages: the first at `url`, then ?p=."""
    return [
        SitemapIndexItem(url if page == 1 else f"{url}?p={page}", lastmod)
        for page in range(1, pages + 1)
    ]


@x_robots_tag
def sitemap_index(request):
    """/sitemap.xml: every part, each with its last change where one query tells it."""
    depends_on(every_tag("article"))  # any story's last change is a part's lastmod
    parts = []
    for name, sitemap_class in LIST_SITEMAPS.items():
        part = sitemap_class()
        url = absolute_url(reverse("sitemap-list", kwargs={"section": name}))
        parts += part_pages(url, part.paginator.num_pages, part.get_latest_lastmod())
    for year, month, stories, lastmod in story_months():
        url = absolute_url(
            reverse("sitemap-stories", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"})
        )
        parts += part_pages(url, math.ceil(stories / MonthSitemap.limit), lastmod)
    parts.append(SitemapIndexItem(absolute_url(reverse("news-sitemap"))))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": parts}, content_type="application/xml"
    )


def story_sitemap(request, year, month):
    """One month's stories; 404 for a month with none, or a page past its last."""
    try:
        month_sitemap = MonthSitemap(int(year), int(month))
    except (ValueError, OverflowError):  # month 13, year 0, or past what a datetime holds
        raise Http404("No such month") from None
    return sitemap(request, {"stories": month_sitemap}, section="stories")
