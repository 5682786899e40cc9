"""The newsroom's admin: records (entities.py) and stories with their workflow (stories.py)."""

from articles.admin import entities, stories  # noqa: F401  (registers the ModelAdmins)
