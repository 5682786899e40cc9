"""RSS 2.0 and Atom feeds. (Stub: filled in with per-section, tag and person feeds.)"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from articles.models import Article


class LatestFeed(Feed):
    title = "Latest stories"
    link = "/"

    def items(self):
        return Article.objects.published()[:20]


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed


SectionFeed = SectionAtomFeed = TagFeed = TagAtomFeed = PersonFeed = PersonAtomFeed = LatestFeed
