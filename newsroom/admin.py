"""The one admin site: the newsroom desk and the fundraising desk, with the throttled staff
sign-in. Installed in place of django.contrib.admin's default site (newsroom.apps), so every
`admin.register()` and `admin.site` in the apps is this site."""

from django.conf import settings
from django.contrib import admin

from newsroom.staff_login import StaffLoginForm


class NewsroomAdminSite(admin.AdminSite):
    login_form = StaffLoginForm
    index_title = "Write, edit and publish"

    @property
    def site_header(self):
        return f"{settings.SITE_NAME} · newsroom desk"

    @property
    def site_title(self):
        return settings.SITE_NAME
