from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("<slug:slug>/", views.ingest_push, name="ingest-push"),
]
