"""A campaign's figures kept as its pledges change (donations.totals writes them)."""

from django.db import models

from donations.money import total_field


class CampaignTotals(models.Model):
    """A campaign's figures, kept as its pledges change (donations.totals), so the desk, the
    dashboard and the appeal read one row instead of summing every pledge. Cancelled,
    refunded and unpaid pledges are left out; recurring = monthly_part + annual_part, of
    the recurring pledges that are active."""

    campaign = models.OneToOneField(
        "donations.Campaign", primary_key=True, on_delete=models.CASCADE, related_name="totals"
    )
    raised = total_field()
    fulfilled = total_field()
    one_time_total = total_field()
    monthly_part = total_field()
    annual_part = total_field()
    # From the payments (donations.ledger): money that arrived, less refunds, and the
    # processor's fees on it.
    received = total_field()
    fees = total_field()
    pledge_count = models.PositiveIntegerField(default=0)
    donor_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "campaign totals"

    def __str__(self):
        return f"Totals of {self.campaign_id}"


class CampaignDonor(models.Model):
    """One donor of a campaign and how many of their pledges count: what keeps
    donor_count without counting distinct addresses over every pledge. The address is
    kept only as a digest of its lower-cased form, and goes when the donor is erased."""

    campaign = models.ForeignKey("donations.Campaign", on_delete=models.CASCADE, related_name="+")
    email_digest = models.CharField(max_length=64)
    pledge_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email_digest"], name="campaigndonor_once"
            ),
        ]

    def __str__(self):
        return f"Donor {self.email_digest[:8]} of {self.campaign_id}"
