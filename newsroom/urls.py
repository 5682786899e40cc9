from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from articles import sitemaps
from articles import views as article_views
from newsroom import health
from newsroom.serving.page_cache import reader_page

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", reader_page(article_views.robots_txt), name="robots-txt"),
    path("favicon.ico", article_views.favicon, name="favicon"),
    path("manifest.webmanifest", reader_page(article_views.web_manifest), name="web-manifest"),
    # The index, then its parts (articles/sitemaps.py).
    path("sitemap.xml", reader_page(sitemaps.sitemap_index), name="sitemap"),
    re_path(
        r"^sitemap-stories-(?P<year>[0-9]{4})-(?P<month>[0-9]{2})\.xml$",
        reader_page(sitemaps.story_sitemap),
        name="sitemap-stories",
    ),
    path(
        "sitemap-<slug:section>.xml",
        reader_page(sitemap),
        {"sitemaps": sitemaps.LIST_SITEMAPS},
        name="sitemap-list",
    ),
    path(
        "news-sitemap.xml",
        reader_page(sitemap),
        {"sitemaps": {"news": sitemaps.NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path("api/v1/", include("syndication.urls")),
    path("ingest/", include("imports.urls")),
    path("", include("donations.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
