from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles import views as article_views
from articles.page_cache import reader_page
from articles.sitemaps import SITEMAPS, NewsSitemap

admin.site.site_header = f"{settings.SITE_NAME} · newsroom desk"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Write, edit and publish"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", article_views.healthz, name="healthz"),
    path("robots.txt", reader_page(article_views.robots_txt), name="robots-txt"),
    path("sitemap.xml", reader_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "news-sitemap.xml",
        reader_page(sitemap),
        {"sitemaps": {"news": NewsSitemap}, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path("", include("donations.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
