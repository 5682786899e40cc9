"""Choosing the appeal a story carries.

`choose()` is a pure function of a story's facts, the live campaigns' targeting and the time,
so the appeal can be cached with the page. `appeal_for()` feeds it the campaigns kept until
content changes (newsroom.serving.invalidation) and adds the totals for the progress bar.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from articles.models import Organisation, Place
from donations.models import (
    FREQUENCY_SUFFIX,
    Campaign,
    Frequency,
    format_money,
    progress_percent,
)
from newsroom.serving import dependencies, invalidation, kept, shared_cache

TOTALS_KEY = "appeals:totals:{campaign_id}"
TOTALS_SECONDS = 60
UNAVAILABLE = "Cache unavailable; appeal totals come from the database"


@dataclass(frozen=True)
class Dimension:
    """Something a campaign can target stories by, or exclude them by."""

    name: str  # the Campaign relation; `excluded_<name>` is its exclusion
    story_ids: Callable  # article -> the ids it has here (kept with its parts, or prefetched)
    within: Callable | None = None  # () -> {id: it and the ids inside it}, for nested records


def _within(model):
    """Each record's id → itself and every record inside it, by `parent`."""
    children = {}
    for pk, parent_id in model.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    within = {}

    def collect(pk):
        if pk not in within:
            found = {pk}
            within[pk] = found  # guards against a cycle written around the form's check
            for child in children.get(pk, ()):
                found |= collect(child)
        return within[pk]

    for pk in [pk for ids in children.values() for pk in ids]:
        collect(pk)
    return within


def _places_within():
    """A story in Nevatim is in Israel."""
    return _within(Place)


def _organisations_within():
    """A story about a ministry is about its government."""
    return _within(Organisation)


# What campaigns target by. A new dimension is a line here, plus its two relations on
# Campaign (TARGETING, EXCLUSIONS) and the admin's fields (docs/ARCHITECTURE.md).
DIMENSIONS = (
    Dimension("sections", lambda article: {article.section_id} - {None}),
    Dimension("tags", lambda article: article.link_ids("tags")),
    Dimension(
        "places",
        lambda article: article.link_ids("places") | ({article.dateline_id} - {None}),
        within=_places_within,
    ),
    Dimension(
        "organisations",
        lambda article: article.link_ids("organisations"),
        within=_organisations_within,
    ),
)


@dataclass(frozen=True)
class StoryFacts:
    """What targeting looks at in a story: its ids in each dimension, by name."""

    ids: dict = field(default_factory=dict)
    has_appeal: bool = True

    @classmethod
    def of(cls, article):
        """Read from a story loaded with its tags and places (prefetched on the page)."""
        return cls(
            ids={d.name: frozenset(d.story_ids(article)) for d in DIMENSIONS},
            has_appeal=article.has_appeal,
        )


@dataclass(frozen=True)
class Targeting:
    """One campaign as targeting sees it: the ids it targets and excludes in each dimension
    (nested ones already with what lies within)."""

    campaign: Campaign
    targets_all: bool = True
    targets: dict = field(default_factory=dict)
    excluded: dict = field(default_factory=dict)

    def fits(self, story):
        """Targeted (or all stories) and not excluded."""
        if any(story.ids.get(name, frozenset()) & ids for name, ids in self.excluded.items()):
            return False
        return self.targets_all or any(
            story.ids.get(name, frozenset()) & ids for name, ids in self.targets.items()
        )


def choose(story, targetings, at):
    """The highest-priority campaign live at `at` that fits the story, or None.

    Ties go to the campaign that started last, then to the newest.
    """
    if not story.has_appeal:
        return None
    fitting = [t.campaign for t in targetings if t.campaign.is_live_at(at) and t.fits(story)]
    if not fitting:
        return None
    return max(fitting, key=lambda c: (c.priority, c.starts_at, c.pk))


def general_campaign(targetings, at):
    """The campaign for /donate/: the highest-priority live campaign that runs on all stories,
    else the highest-priority live one."""
    live = [t for t in targetings if t.campaign.is_live_at(at)]
    if not live:
        return None
    return max(
        live, key=lambda t: (t.targets_all, t.campaign.priority, t.campaign.starts_at)
    ).campaign


# Loading and caching ---------------------------------------------------------------------


def load_targetings(at=None):
    """Every switched-on campaign not yet ended, with its targeting, from the database."""
    at = at or timezone.now()
    campaigns = list(Campaign.objects.filter(is_active=True).exclude(ends_at__lte=at))
    if not campaigns:
        return []
    ids = [c.pk for c in campaigns]
    chosen = {}  # (campaign id, relation name) -> ids
    for dimension in DIMENSIONS:
        names = (dimension.name, f"excluded_{dimension.name}")
        for name in names:
            relation = Campaign._meta.get_field(name)
            rows = relation.remote_field.through.objects.filter(campaign_id__in=ids).values_list(
                "campaign_id", relation.m2m_reverse_name()
            )
            for campaign_id, target_id in rows:
                chosen.setdefault((campaign_id, name), set()).add(target_id)
        if dimension.within and any(name in names for _, name in chosen):
            within = dimension.within()
            for key in [key for key in chosen if key[1] in names]:
                chosen[key] = set().union(*(within.get(pk, {pk}) for pk in chosen[key]))

    def sets(campaign, prefix=""):
        return {
            d.name: frozenset(chosen[(campaign.pk, prefix + d.name)])
            for d in DIMENSIONS
            if (campaign.pk, prefix + d.name) in chosen
        }

    return [
        Targeting(
            campaign=c,
            targets_all=c.targets_all,
            targets=sets(c),
            excluded=sets(c, "excluded_"),
        )
        for c in campaigns
    ]


def cached_targetings(at=None):
    """load_targetings(), kept until content changes (newsroom.serving.invalidation): a
    campaign, its targeting or a place moving changes it; starts and ends are checked in
    choose(). From the database when the cache is down."""
    return kept.kept_until_change(
        kept.CAMPAIGN_TARGETING,
        lambda: load_targetings(at),
        tags=invalidation.TARGETING_TAGS,
        # Who may appear changes when a campaign starts or ends.
        until=lambda targetings: next_campaign_moment(),
    )


def next_campaign_moment():
    """When the next campaign starts or ends (None: none will)."""
    now = timezone.now()
    first, *others = [rows.order_by() for rows in Campaign.objects.change_moments(now)]
    return first.union(*others).order_by("moment").first()


def forget_totals(campaign_id):
    """After a pledge: the progress bar shows it on the next page rendered."""
    shared_cache.forget_many(
        [TOTALS_KEY.format(campaign_id=campaign_id)],
        unavailable="Cache unavailable; totals will refresh on their own",
    )


def campaign_totals(campaign):
    """(raised, supporters) for the progress bar, kept for TOTALS_SECONDS: pledges do not
    forget reader pages, so the bar may lag that long."""
    key = TOTALS_KEY.format(campaign_id=campaign.pk)
    totals = shared_cache.read_many([key], unavailable=UNAVAILABLE).get(key)
    if totals is None:
        row = (
            Campaign.objects.filter(pk=campaign.pk)
            .with_totals()
            .values("raised", "donor_count")
            .first()
        ) or {"raised": Decimal("0"), "donor_count": 0}
        totals = (row["raised"], row["donor_count"])
        shared_cache.keep(key, totals, TOTALS_SECONDS, unavailable=UNAVAILABLE)
    return totals


# What the page shows ---------------------------------------------------------------------


@dataclass
class AmountLink:
    label: str
    url: str


@dataclass
class Appeal:
    """Everything the appeal block shows, ready for the template."""

    campaign: Campaign
    raised: Decimal
    supporters: int
    buttons: list = field(default_factory=list)
    action_url: str = ""
    other_frequencies: list = field(default_factory=list)

    @property
    def shows_totals(self):
        """Enough supporters for the figures to encourage rather than discourage: a new
        campaign does not announce "$0 raised · 0 supporters"."""
        return self.supporters >= max(1, self.campaign.totals_shown_from)

    @property
    def has_goal(self):
        return self.campaign.goal is not None

    @property
    def percent(self):
        """Progress toward the goal for the bar, 0–100 (a bar cannot run past its end)."""
        return min(100, progress_percent(self.raised, self.campaign.goal) or 0)

    @property
    def raised_display(self):
        return format_money(self.raised, self.campaign.currency)

    @property
    def goal_display(self):
        return format_money(self.campaign.goal, self.campaign.currency) if self.has_goal else ""


def pledge_url(campaign, *, article=None, amount=None, frequency=None):
    """The pledge page for a campaign, with the chosen amount, frequency and source story."""
    params = {}
    if amount is not None:
        params["amount"] = format(amount, "f")
    if frequency:
        params["frequency"] = frequency
    if article is not None:
        params["article"] = article.pk
    url = reverse("donations:pledge", kwargs={"slug": campaign.slug})
    return f"{url}?{urlencode(params)}" if params else url


def build_appeal(campaign, article=None):
    """The block for one campaign: totals, one button per suggested amount, the links."""
    raised, supporters = campaign_totals(campaign)
    frequency = campaign.default_frequency
    buttons = [
        AmountLink(
            label=format_money(amount, campaign.currency) + FREQUENCY_SUFFIX[frequency],
            url=pledge_url(campaign, article=article, amount=amount, frequency=frequency),
        )
        for amount in campaign.suggested_amounts(frequency)
    ]
    others = [
        AmountLink(
            label={
                Frequency.ONE_TIME: "Give once",
                Frequency.MONTHLY: "Give monthly",
                Frequency.ANNUAL: "Give yearly",
            }[other],
            url=pledge_url(campaign, article=article, frequency=other),
        )
        for other in Frequency
        if other != frequency
    ]
    appeal = Appeal(
        campaign=campaign,
        raised=raised,
        supporters=supporters,
        buttons=buttons,
        action_url=pledge_url(campaign, article=article, frequency=frequency),
        other_frequencies=others,
    )
    if appeal.shows_totals:
        # The page shows the progress bar: kept no longer than NEWSROOM_PAGE_TOTALS_SECONDS.
        dependencies.depends_on(dependencies.totals_tag(campaign.pk))
    return appeal


def appeal_for(article, at=None):
    """The appeal block for a story at a time (now by default), or None."""
    at = at or timezone.now()
    campaign = choose(StoryFacts.of(article), cached_targetings(at), at)
    return build_appeal(campaign, article) if campaign else None


def current_general_campaign(at=None):
    """The campaign /donate/ takes pledges for."""
    at = at or timezone.now()
    return general_campaign(cached_targetings(at), at)
