"""Revisions in the admin: the list of a story's revisions, a comparison, restoring one."""


class RevisionViews:
    """Mixed into ArticleAdmin: its URLs and what the change form shows of revisions."""

    def revision_urls(self):
        return []

    def revision_context(self, request, obj):
        return {}
