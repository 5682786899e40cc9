"""The publishing schedule in the admin: what is due, what should be live and is not."""


class ScheduleViews:
    """Mixed into ArticleAdmin: the schedule page and the workflow history on the form."""

    def schedule_urls(self):
        return []

    def workflow_context(self, request, obj):
        return {}
