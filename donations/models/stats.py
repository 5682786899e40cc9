"""The appeal's view and click counts (donations.stats keeps them)."""

from django.db import models


class AppealStat(models.Model):
    """Appeal views and clicks, counted per campaign, story and day: no cookies, no people."""

    campaign = models.ForeignKey(
        "donations.Campaign", on_delete=models.CASCADE, related_name="stats"
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="appeal_stats"
    )
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "article", "day"], name="appealstat_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="appealstat_day")]

    def __str__(self):
        return f"{self.campaign} on {self.article_id}, {self.day}: {self.views} views"
