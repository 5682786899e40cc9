"""The fundraising records, split by concern: campaigns, pledges (and their frequency and
status history), the totals kept per campaign, and the appeal's view counts. Money's shape
and wording live in donations.money; the names other modules and migration 0001 import
from here stay here."""

from donations.models.campaigns import (
    RESERVED_SLUGS,
    Campaign,
    CampaignQuerySet,
    TwelfthInCents,
    validate_campaign_slug,
)
from donations.models.exports import PledgeExport
from donations.models.payments import (
    Payment,
    PaymentAttempt,
    PaymentQuerySet,
    PaymentStatusChange,
    StripeEvent,
)
from donations.models.pledges import (
    FREQUENCY_SUFFIX,
    RECURRING_CURRENT,
    UNCOUNTED,
    Channel,
    Frequency,
    Pledge,
    PledgeQuerySet,
    PledgeStatusChange,
    new_reference,
)
from donations.models.stats import AppealStat
from donations.models.totals import CampaignDonor, CampaignTotals
from donations.money import (
    CURRENCY_SYMBOLS,
    format_money,
    parse_amounts,
    progress_percent,
    validate_amounts,
)

__all__ = [
    "CURRENCY_SYMBOLS",
    "FREQUENCY_SUFFIX",
    "RESERVED_SLUGS",
    "AppealStat",
    "Campaign",
    "CampaignDonor",
    "CampaignQuerySet",
    "CampaignTotals",
    "Channel",
    "Frequency",
    "Pledge",
    "PledgeExport",
    "PledgeQuerySet",
    "PledgeStatusChange",
    "Payment",
    "PaymentAttempt",
    "PaymentQuerySet",
    "PaymentStatusChange",
    "RECURRING_CURRENT",
    "StripeEvent",
    "UNCOUNTED",
    "TwelfthInCents",
    "format_money",
    "new_reference",
    "parse_amounts",
    "progress_percent",
    "validate_amounts",
    "validate_campaign_slug",
]
