from django.urls import path

from donations import views

app_name = "donations"
urlpatterns = [
    path("donate/", views.donate, name="donate"),
    path("donate/seen/", views.appeal_seen, name="appeal-seen"),
    path("donate/thanks/<str:reference>/", views.thanks, name="thanks"),
    path("donate/<slug:slug>/", views.pledge, name="pledge"),
]
