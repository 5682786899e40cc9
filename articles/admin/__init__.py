"""The newsroom's admin: records (entities.py, organisations.py) and stories with their
workflow (stories.py). The site itself, with its throttled sign-in, is
newsroom.admin.NewsroomAdminSite."""

from articles.admin import entities, organisations, stories  # noqa: F401  (registers the ModelAdmins)
