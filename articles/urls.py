from django.urls import path, register_converter

from articles import views


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
]
