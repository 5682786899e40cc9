from django.urls import path

from donations import manage_views, payment_views, views

app_name = "donations"
urlpatterns = [
    path("donate/", views.donate, name="donate"),
    path("donate/seen/", views.appeal_seen, name="appeal-seen"),
    path("donate/thanks/<str:reference>/", views.thanks, name="thanks"),
    path("donate/thanks/<str:reference>/monthly/", payment_views.make_monthly, name="monthly"),
    path("donate/pay/<str:reference>/", payment_views.pay, name="pay"),
    path("donate/stripe/webhook/", payment_views.webhook, name="stripe-webhook"),
    path("donate/manage/", manage_views.ask, name="manage"),
    path("donate/manage/<str:token>/", manage_views.gifts, name="manage-gifts"),
    path(
        "donate/manage/<str:token>/gift/<str:reference>/",
        manage_views.change_gift,
        name="manage-gift",
    ),
    path(
        "donate/manage/<str:token>/card/<str:reference>/",
        manage_views.update_card,
        name="manage-card",
    ),
    path(
        "donate/manage/<str:token>/receipt/<int:payment_id>/",
        manage_views.receipt,
        name="manage-receipt",
    ),
    path(
        "donate/manage/<str:token>/statement/<int:year>/",
        manage_views.statement,
        name="manage-statement",
    ),
    path("donate/<slug:slug>/", views.pledge, name="pledge"),
]
