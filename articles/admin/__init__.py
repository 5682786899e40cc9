"""The newsroom's admin: records (entities.py), stories with their workflow (stories.py),
and the throttled sign-in form (login.py) the whole admin site uses."""

from django.contrib import admin

from articles.admin import entities, stories  # noqa: F401  (registers the ModelAdmins)
from articles.admin.login import StaffLoginForm

admin.site.login_form = StaffLoginForm
