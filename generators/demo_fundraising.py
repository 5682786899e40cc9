"""Demo fundraising: two campaigns and a few hundred pledges with their appeal views.

Invented for the demo, in our own words; loaded by `seed_demo` after the stories. The
pledges are drawn from a fixed seed, so every demo database shows the same dashboard.
"""

import random
from datetime import timedelta
from decimal import Decimal

from articles.models import Article, Section
from donations import fees, totals, upgrades
from donations.models import (
    AppealStat,
    Campaign,
    Channel,
    Frequency,
    Payment,
    PaymentStatusChange,
    Pledge,
)

CAMPAIGNS = [
    {
        "slug": "reader-funded-2027",
        "name": "Reader-funded 2027 (general appeal)",
        "appeal_headline": "Keep independent reporting free for everyone",
        "appeal_body": (
            "<p>When the news moves fast, more of you come to us first: to understand what "
            "happened overnight, to read what was said and by whom, and to check what you "
            "heard elsewhere.</p>"
            "<p>Our readership has doubled in two years, and it is growing in places we never "
            "expected. We answer to readers, not to owners or advertisers, and we mean to keep "
            "it that way.</p>"
            "<p>Right now our small newsroom is working long days to report the stories that "
            "shape this region, and to explain the politics behind them with care.</p>"
            "<p>We can only keep going with the support of readers like you. A monthly gift, "
            "however small, lets us plan ahead and hire reporters. Thank you for standing "
            "with us.</p>"
        ),
        "call_to_action": "Give monthly",
        "goal": Decimal("50000"),
        "currency": "USD",
        "monthly_amounts": "10, 18, 36, 72",
        "one_time_amounts": "25, 50, 100, 250",
        "annual_amounts": "120, 180, 360",
        "default_frequency": Frequency.MONTHLY,
        "priority": 0,
        "started_days_ago": 45,
        "sections": [],
    },
    {
        "slug": "climate-desk",
        "name": "Climate desk fund",
        "appeal_headline": "Help us keep a reporter on the climate beat",
        "appeal_body": (
            "<p>Heat records, water, the shrinking Dead Sea: climate stories take months of "
            "reporting and rarely pay for themselves.</p>"
            "<p>Your gift goes straight to our climate desk.</p>"
        ),
        "call_to_action": "Fund the climate desk",
        "goal": Decimal("12000"),
        "currency": "USD",
        "monthly_amounts": "8, 15, 30",
        "one_time_amounts": "20, 40, 80",
        "annual_amounts": "90, 150, 300",
        "default_frequency": Frequency.MONTHLY,
        "priority": 10,
        "started_days_ago": 30,
        "sections": ["climate"],
    },
]

FIRST_NAMES = [
    "Maya",
    "Daniel",
    "Ruth",
    "Omar",
    "Sarah",
    "Yossi",
    "Leah",
    "Ethan",
    "Tamar",
    "Noah",
    "Hannah",
    "Ari",
    "Dina",
    "Jonah",
    "Miriam",
    "Eli",
    "Rachel",
    "Sam",
    "Naomi",
    "Ben",
]
LAST_NAMES = [
    "Cohen",
    "Levi",
    "Katz",
    "Mizrahi",
    "Friedman",
    "Shapiro",
    "Adler",
    "Weiss",
    "Peretz",
    "Klein",
    "Baker",
    "Rosen",
    "Stern",
    "Haddad",
    "Green",
    "Amar",
    "Golan",
    "Segal",
]
PLEDGES_PER_CAMPAIGN = {"reader-funded-2027": 260, "climate-desk": 70}
DAYS = 42
# Readers who type their own amount give within these ranges.
OTHER_AMOUNTS = {
    Frequency.ONE_TIME: (5, 500),
    Frequency.MONTHLY: (5, 60),
    Frequency.ANNUAL: (50, 600),
}
# Readers who scroll to an appeal per pledge it brings, roughly.
VIEWS_PER_PLEDGE = (60, 160)


def load(*, now, say):
    """Create the demo campaigns and, for a new one, its pledges and appeal counts."""
    for row in CAMPAIGNS:
        fields = dict(row)
        slug = fields.pop("slug")
        sections = fields.pop("sections")
        started = now - timedelta(days=fields.pop("started_days_ago"))
        campaign, created = Campaign.objects.get_or_create(
            slug=slug, defaults={**fields, "starts_at": started, "targets_all": not sections}
        )
        if not created:
            say(f"  exists   campaign {slug}")
            continue
        campaign.sections.set(Section.objects.filter(slug__in=sections))
        pledges = make_pledges(campaign, sections=sections, now=now)
        say(f"  created  campaign {slug} with {pledges} pledges")
    # The pledges went in with bulk_create, past Pledge.save(), which keeps the totals.
    totals.recount()


def demo_status(rng, frequency):
    """Pledged, paid or cancelled; a recurring gift that is being paid is active."""
    status = rng.choices(STATUSES, weights=[30, 62, 8])[0]
    if status == Pledge.Status.FULFILLED and frequency != Frequency.ONE_TIME:
        return Pledge.Status.ACTIVE
    return status


def demo_payments(pledges, *, now):
    """What paid and active demo gifts have brought in: one payment for a one-time gift,
    one per month (or year) since it began for a recurring one, card fees included."""
    for pledge in pledges:
        if pledge.status not in (Pledge.Status.FULFILLED, Pledge.Status.ACTIVE):
            continue
        at = pledge.created_at
        while at <= now:
            yield Payment(
                pledge=pledge,
                amount=pledge.amount,
                currency=pledge.currency,
                fee=fees.card_fee(pledge.amount),
                channel=Channel.CARD,
                received_at=at,
            )
            if pledge.frequency == Frequency.ONE_TIME:
                break
            at = upgrades.add_interval(at, pledge.frequency)


STATUSES = [Pledge.Status.PLEDGED, Pledge.Status.FULFILLED, Pledge.Status.CANCELLED]


def make_pledges(campaign, *, sections, now):
    rng = random.Random(campaign.slug)
    stories = Article.objects.published()
    if sections:
        stories = stories.filter(section__slug__in=sections)
    stories = list(stories.only("pk", "published_at").order_by("published_at"))
    pledges, views = [], {}
    span = min(timedelta(days=DAYS), now - campaign.starts_at)
    for n in range(PLEDGES_PER_CAMPAIGN[campaign.slug]):
        # More pledges in recent days, as a campaign gathers pace.
        at = now - span * rng.random() ** 1.4
        at = max(at, campaign.starts_at + timedelta(hours=1))
        readable = [story for story in stories if story.published_at <= at]
        story = rng.choice(readable) if readable and rng.random() < 0.85 else None
        frequency = rng.choices(list(Frequency), weights=[35, 55, 10])[0]
        amount = rng.choice(campaign.suggested_amounts(frequency))
        if rng.random() < 0.15:
            amount = Decimal(rng.randrange(*OTHER_AMOUNTS[frequency]))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        pledges.append(
            Pledge(
                campaign=campaign,
                amount=amount,
                currency=campaign.currency,
                frequency=frequency,
                donor_name=f"{first} {last}",
                email=f"{first}.{last}.{n}@example.org".lower(),
                is_public=rng.random() < 0.4,
                status=demo_status(rng, frequency),
                article=story,
                created_at=at,
            )
        )
        if story is not None:
            key = (story.pk, at.date())
            views[key] = views.get(key, 0) + rng.randrange(*VIEWS_PER_PLEDGE)
    for pledge in pledges:
        if pledge.status in (Pledge.Status.FULFILLED, Pledge.Status.ACTIVE):
            pledge.channel = Channel.CARD
    Pledge.objects.bulk_create(pledges)
    payments = Payment.objects.bulk_create(demo_payments(pledges, now=now), batch_size=1000)
    PaymentStatusChange.objects.bulk_create(
        (
            PaymentStatusChange(
                payment=payment,
                to_status=payment.status,
                changed_at=payment.received_at,
                note="Demo payment",
            )
            for payment in payments
        ),
        batch_size=1000,
    )
    AppealStat.objects.bulk_create(
        AppealStat(
            campaign=campaign,
            article_id=article_id,
            day=day,
            views=count,
            clicks=max(1, count // 25),
        )
        for (article_id, day), count in views.items()
    )
    return len(pledges)
