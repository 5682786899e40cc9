"""RSS 2.0 and Atom feeds: the whole site, a section, a tag, a person.

Every address in a feed is built on settings.SITE_URL, so feeds never depend on the Host
header a request arrived with (or on django.contrib.sites, which we do not use).

Escaping happens once: titles, descriptions of a feed, authors and categories are plain text
(the feed generator escapes them for XML; never escape them here), and an item's description
is HTML, whose text format_html() escapes (tests/articles/test_feed_escaping.py).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from taggit.models import Tag

from articles.models import Article, Byline, Correction, Organisation, Person, Section
from newsroom.serving.dependencies import STORIES, depends_on, list_tag
from newsroom.serving.public_urls import absolute_url as absolute

FEED_LENGTH = 20
EXCERPT_WORDS = 50


class ArticleFeed(Feed):
    """The newest published stories on the whole site, as RSS 2.0."""

    feed_type = Rss201rev2Feed
    url_name = "articles:feed"

    def get_object(self, request, *args, **kwargs):
        depends_on(STORIES)
        return

    def get_feed(self, obj, request):
        if obj is not None:
            depends_on(list_tag(obj._meta.model_name, obj.pk))
        return super().get_feed(obj, request)

    def title(self, obj):
        return settings.SITE_NAME

    def description(self, obj):
        return f"The latest stories from {settings.SITE_NAME}."

    def subtitle(self, obj):
        # Atom's name for the description (RSS ignores it).
        return self.description(obj)

    def link(self, obj):
        return absolute(reverse("articles:home"))

    def feed_url(self, obj):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return absolute(reverse(self.url_name, kwargs=kwargs))

    def stories(self, obj):
        """The published stories this feed is about (all of them here)."""
        return Article.objects.published()

    def items(self, obj):
        return (
            self.stories(obj)
            .for_list()
            .select_related("source")
            .prefetch_related(
                Prefetch("bylines", Byline.objects.select_related("person")),
                Prefetch("corrections", Correction.objects.visible()),
                "tags",
            )
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.headline

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_guid(self, item):
        # A tag URI (RFC 4151) on the story's id: stays the same when the slug or date moves.
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},{item.created_at:%Y-%m-%d}:article:{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_description(self, item):
        # Readers take RSS descriptions and Django's Atom summaries as HTML. Notes follow the
        # summary, so a feed reader shows a story's correction or update as it appears.
        notes = format_html_join(
            "",
            "<p><strong>{}</strong>, {}: {}</p>",
            (
                (note.get_kind_display(), date_format(localtime(note.published_at)), note.text)
                for note in item.corrections.all()
            ),
        )
        credit = ""
        if item.source is not None:
            credit = format_html("<p>Originally published by {}.</p>", item.source.name)
        return format_html("{}{}{}", item.summary(EXCERPT_WORDS), credit, notes)

    def item_author_name(self, item):
        return item.credit_line or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_modified_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestFeed(ArticleFeed):
    """The whole site, RSS 2.0."""


class LatestAtomFeed(LatestFeed):
    """The whole site, Atom."""

    feed_type = Atom1Feed
    url_name = "articles:feed-atom"


class SectionFeed(ArticleFeed):
    """One section's stories, RSS 2.0."""

    url_name = "articles:section-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return obj.description or f"The latest {obj.name} stories from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute(reverse("articles:section-detail", kwargs={"slug": obj.slug}))

    def stories(self, obj):
        return Article.objects.published().filter(section=obj)


class SectionAtomFeed(SectionFeed):
    """One section's stories, Atom."""

    feed_type = Atom1Feed
    url_name = "articles:section-feed-atom"


class TagFeed(ArticleFeed):
    """Stories with one tag, RSS 2.0."""

    url_name = "articles:tag-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"The latest stories about {obj.name} from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute(reverse("articles:tag-detail", kwargs={"slug": obj.slug}))

    def stories(self, obj):
        return Article.objects.published().filter(tags=obj)


class TagAtomFeed(TagFeed):
    """Stories with one tag, Atom."""

    feed_type = Atom1Feed
    url_name = "articles:tag-feed-atom"


class PersonFeed(ArticleFeed):
    """Stories a person is in or wrote, RSS 2.0."""

    url_name = "articles:person-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"The latest stories by or about {obj.name} from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute(reverse("articles:person-detail", kwargs={"slug": obj.slug}))

    def stories(self, obj):
        return Article.objects.published().by_or_about(obj)


class PersonAtomFeed(PersonFeed):
    """Stories a person is in or wrote, Atom."""

    feed_type = Atom1Feed
    url_name = "articles:person-feed-atom"


class OrganisationFeed(ArticleFeed):
    """Stories about an organisation, RSS 2.0."""

    url_name = "articles:organisation-feed"

    def get_object(self, request, slug):
        return get_object_or_404(Organisation, slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"The latest stories about {obj.name} from {settings.SITE_NAME}."

    def link(self, obj):
        return absolute(reverse("articles:organisation-detail", kwargs={"slug": obj.slug}))

    def stories(self, obj):
        return Article.objects.published().about_organisation(obj)


class OrganisationAtomFeed(OrganisationFeed):
    """Stories about an organisation, Atom."""

    feed_type = Atom1Feed
    url_name = "articles:organisation-feed-atom"
