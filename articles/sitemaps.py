"""Sitemaps. (Stub: filled in with absolute URLs on the configured host and Google News.)"""

from django.contrib.sitemaps import Sitemap

from articles.models import Article


class ArticleSitemap(Sitemap):
    def items(self):
        return Article.objects.published()


class NewsSitemap(ArticleSitemap):
    pass


SITEMAPS = {"articles": ArticleSitemap}
