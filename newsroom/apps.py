from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """django.contrib.admin with our site (newsroom.admin.NewsroomAdminSite) as the default."""

    default_site = "newsroom.admin.NewsroomAdminSite"
