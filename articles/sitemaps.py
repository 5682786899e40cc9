"""Sitemaps for crawlers: every reader page with published stories, and Google News.

Addresses use the scheme and host of settings.SITE_URL, never the host a request came in
on: we do not install django.contrib.sites, and a crawler reaching us through a proxy's
internal name must still be told the public one.
"""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Person, Place, Section

NEWS_WINDOW = timedelta(days=2)


class SiteURLSitemap(Sitemap):
    """A sitemap whose addresses are on settings.SITE_URL."""

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


class ArticleSitemap(SiteURLSitemap):
    def items(self):
        # Only what the address and lastmod need: a sitemap can list 50,000 stories.
        return (
            Article.objects.published()
            .only("slug", "published_at", "created_at", "modified_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.last_modified_at


class ListSitemap(SiteURLSitemap):
    """Pages listing stories, for the rows with at least one published story."""

    url_name = None

    def location(self, item):
        return reverse(self.url_name, kwargs={"slug": item.slug})


class SectionSitemap(ListSitemap):
    url_name = "articles:section-detail"

    def items(self):
        published = Article.objects.published()
        return Section.objects.filter(pk__in=published.values("section"))


class PersonSitemap(ListSitemap):
    url_name = "articles:person-detail"

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

    def items(self):
        published = Article.objects.published()
        return Person.objects.filter(pk__in=published.values("bylines__person")).order_by(
            "name", "pk"
        )


class PlaceSitemap(ListSitemap):
    url_name = "articles:place-detail"

    def items(self):
        published = Article.objects.published()
        return Place.objects.filter(
            Q(pk__in=published.values("places")) | Q(pk__in=published.values("dateline"))
        ).order_by("name", "pk")


class TagSitemap(ListSitemap):
    url_name = "articles:tag-detail"

    def items(self):
        published = Article.objects.published()
        return Tag.objects.filter(pk__in=published.values("tags")).order_by("name", "pk")


class NewsSitemap(ArticleSitemap):
    """Google News: stories published in the last two days (sitemaps/news.xml)."""

    limit = 1000  # Google News reads at most 1,000 stories per sitemap.

    def items(self):
        return (
            Article.objects.published()
            .filter(published_at__gte=timezone.now() - NEWS_WINDOW)
            .only("headline", "slug", "published_at", "created_at", "modified_at")
            .order_by("-published_at", "-pk")
        )


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "people": PersonSitemap,
    "authors": AuthorSitemap,
    "places": PlaceSitemap,
    "tags": TagSitemap,
}
