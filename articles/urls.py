from django.urls import path, register_converter

from articles import feeds, views


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
urlpatterns = [
    path("", views.home, name="home"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.article_detail,
        name="article-detail",
    ),
    path("section/<slug:slug>/", views.section_detail, name="section-detail"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("places/<slug:slug>/", views.place_detail, name="place-detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("authors/<slug:slug>/", views.author_detail, name="author-detail"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("search/", views.search, name="search"),
    path("corrections/", views.correction_list, name="correction-list"),
    path("feed/", feeds.LatestFeed(), name="feed"),
    path("feed/atom/", feeds.LatestAtomFeed(), name="feed-atom"),
    path("section/<slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("section/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("people/<slug:slug>/feed/", feeds.PersonFeed(), name="person-feed"),
    path("people/<slug:slug>/feed/atom/", feeds.PersonAtomFeed(), name="person-feed-atom"),
]
