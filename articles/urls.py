from django.urls import path, register_converter

from articles import feeds, views
from newsroom.serving.page_cache import reader_page


class FixedDigits:
    def __init__(self, digits):
        self.regex = rf"[0-9]{{{digits}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class Year(FixedDigits):
    def __init__(self):
        super().__init__(4)


class TwoDigits(FixedDigits):
    def __init__(self):
        super().__init__(2)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(Year, "yyyy")
register_converter(TwoDigits, "dd")

app_name = "articles"
# reader_page: kept in the shared cache for readers without a session (page_cache.py).
urlpatterns = [
    path("", reader_page(views.home), name="home"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        reader_page(views.article_detail),
        name="article-detail",
    ),
    path("section/<slug:slug>/", reader_page(views.section_detail), name="section-detail"),
    path("people/<slug:slug>/", reader_page(views.person_detail), name="person-detail"),
    path("places/<slug:slug>/", reader_page(views.place_detail), name="place-detail"),
    path(
        "organisations/<slug:slug>/",
        reader_page(views.organisation_detail),
        name="organisation-detail",
    ),
    path("tags/<slug:slug>/", reader_page(views.tag_detail), name="tag-detail"),
    path("authors/<slug:slug>/", reader_page(views.author_detail), name="author-detail"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("search/", reader_page(views.search), name="search"),
    path("corrections/", reader_page(views.correction_list), name="correction-list"),
    path("feed/", reader_page(feeds.LatestFeed()), name="feed"),
    path("feed/atom/", reader_page(feeds.LatestAtomFeed()), name="feed-atom"),
    path("section/<slug:slug>/feed/", reader_page(feeds.SectionFeed()), name="section-feed"),
    path(
        "section/<slug:slug>/feed/atom/",
        reader_page(feeds.SectionAtomFeed()),
        name="section-feed-atom",
    ),
    path("tags/<slug:slug>/feed/", reader_page(feeds.TagFeed()), name="tag-feed"),
    path("tags/<slug:slug>/feed/atom/", reader_page(feeds.TagAtomFeed()), name="tag-feed-atom"),
    path("people/<slug:slug>/feed/", reader_page(feeds.PersonFeed()), name="person-feed"),
    path(
        "organisations/<slug:slug>/feed/",
        reader_page(feeds.OrganisationFeed()),
        name="organisation-feed",
    ),
    path(
        "organisations/<slug:slug>/feed/atom/",
        reader_page(feeds.OrganisationAtomFeed()),
        name="organisation-feed-atom",
    ),
    path(
        "people/<slug:slug>/feed/atom/",
        reader_page(feeds.PersonAtomFeed()),
        name="person-feed-atom",
    ),
]
