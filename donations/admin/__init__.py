"""The fundraising desk: campaigns, pledges, payments, the CSV export and the dashboard.

Only the Fundraising group (and superusers) hold donations permissions, so the admin's own
permission checks keep donor data from everyone else; the extra views check the same.
"""

from donations.admin.campaigns import CampaignAdmin
from donations.admin.payments import PaymentAdmin
from donations.admin.pledges import PledgeAdmin
from donations.admin.stripe_events import StripeEventAdmin

__all__ = ["CampaignAdmin", "PaymentAdmin", "PledgeAdmin", "StripeEventAdmin"]
