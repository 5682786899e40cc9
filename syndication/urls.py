from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from syndication import views

app_name = "syndication"

urlpatterns = [
    path("stories/", views.story_list, name="story-list"),
    path("stories/<int:pk>/", views.story_detail, name="story"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
]
