"""The newsroom checks in the admin: the warning panel and linking a named person or place."""


class CheckViews:
    """Mixed into ArticleAdmin: its URLs and what the change form shows of the checks."""

    def check_urls(self):
        return []

    def check_context(self, request, obj):
        return {}

    def warn_after_save(self, request, obj):
        """After a save, tell the user what the checks found (an editor may still publish)."""
