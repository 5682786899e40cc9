"""Campaigns, pledges and appeal counts invented in bulk for the generated stories.

Part of `manage.py generate_content` (see `generators/bulk_stories.py`). A general
appeal runs through the stories' ten years and is live now; targeted ones (a section, a
tag, a country) and year-end drives ran in the past, and one targeted appeal is live.
Pledges fall within their campaign's dates, in time order, from a pool of donors a third
as large as the pledges (so donors give again, sometimes typing their address another
way); about 60% name a story that carried an appeal and was published before the pledge.
References are drawn from the seed, not `secrets`: generated pledges need no secrecy, and
the same seed gives the same references. Appeal counts are kept for each campaign, story
and day that brought a pledge, with a click for every pledge at least.
"""

import base64
import random
from bisect import bisect, bisect_left
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from django.db import reset_queries, transaction
from django.db.models import Q
from django.utils import timezone

from donations import totals
from donations.models import AppealStat, Campaign, Frequency, Pledge
from generators import bulk_words as words

GENERAL_SLUG = "reader-appeal"
SPAN_DAYS = 3652  # ten years, leap days included
ATTRIBUTED = 0.62  # a little over 60%: the earliest pledges have no story before them
OTHER_AMOUNTS = {
    Frequency.ONE_TIME: (5, 500),
    Frequency.MONTHLY: (5, 60),
    Frequency.ANNUAL: (50, 600),
}
FREQUENCIES = list(Frequency)
# Cumulative percentages of pledged, fulfilled, cancelled: settled (older than five
# weeks) and recent pledges.
STATUSES = [Pledge.Status.PLEDGED, Pledge.Status.FULFILLED, Pledge.Status.CANCELLED]
SETTLED, RECENT = [3, 91, 100], [55, 95, 100]
VIEWS_PER_PLEDGE = (60, 160)
CAMPAIGN_BITS = 4  # a pledge's moment and campaign travel as one int while sorting


def generated_runs():
    """How many times content was generated in this database (its general appeals)."""
    return Campaign.objects.filter(
        Q(slug=GENERAL_SLUG) | Q(slug__regex=rf"^{GENERAL_SLUG}-[0-9]+$")
    ).count()


def campaign_specs(now, *, countries):
    """The campaigns of one run: fields, targeting, and how many pledges a day each draws."""
    start = now - timedelta(days=SPAN_DAYS)
    years_ago = [now - timedelta(days=365 * n) for n in range(6)]
    country = countries[0]
    specs = [
        {
            "slug": GENERAL_SLUG,
            "name": "Reader appeal (all stories)",
            "appeal_headline": "Keep independent reporting free for everyone",
            "starts_at": start,
            "per_day": 1,
            "grows": True,
        },
        {
            "slug": "climate-desk-fund",
            "name": "Climate desk fund",
            "appeal_headline": "Help us keep a reporter on the climate beat",
            "starts_at": now - timedelta(days=60),
            "priority": 10,
            "sections": ["climate", "science"],
            "per_day": 6,
        },
        {
            "slug": "election-coverage",
            "name": "Election coverage",
            "appeal_headline": "Fund our election coverage",
            "starts_at": years_ago[2] - timedelta(days=120),
            "ends_at": years_ago[2],
            "priority": 5,
            "sections": ["politics"],
            "tags": ["elections"],
            "per_day": 4,
        },
        {
            "slug": f"{country.slug}-bureau",
            "name": f"{country.name} bureau",
            "appeal_headline": f"Keep our reporter in {country.name}",
            "starts_at": years_ago[4],
            "ends_at": years_ago[3],
            "priority": 5,
            "places": [country],
            "per_day": 2,
        },
        {
            "slug": "health-reporting",
            "name": "Health reporting",
            "appeal_headline": "Support reporting on our hospitals",
            "starts_at": years_ago[5],
            "ends_at": years_ago[5] + timedelta(days=180),
            "priority": 5,
            "tags": ["hospitals", "mental health", "vaccines", "waiting lists"],
            "per_day": 2,
        },
    ]
    local = timezone.get_current_timezone()
    for year in range(now.year - 3, now.year):
        specs.append(
            {
                "slug": f"year-end-{year}",
                "name": f"Year-end appeal {year}",
                "appeal_headline": "Before the year ends, stand with us",
                "starts_at": datetime(year, 11, 20, tzinfo=local),
                "ends_at": datetime(year + 1, 1, 1, tzinfo=local),
                "priority": 20,
                "excluded_sections": ["sport"],
                "default_frequency": Frequency.ONE_TIME,
                "one_time_amounts": "50, 100, 250, 500",
                "per_day": 10,
            }
        )
    return specs


class CampaignPlan:
    """A saved campaign, its weight among the others, and the stories that carried it."""

    def __init__(self, campaign, spec, *, now, origin, stories):
        self.campaign = campaign
        # Giving to the long general appeal grows over the years, as the readership does.
        self.grows = spec.get("grows", False)
        self.starts = campaign.starts_at
        self.ends = min(campaign.ends_at or now, now)
        self.weight = spec["per_day"] * (self.ends - self.starts).total_seconds() / 86400
        self.amounts = {f: campaign.suggested_amounts(f) for f in FREQUENCIES}
        one_time = 60 if campaign.default_frequency == Frequency.ONE_TIME else 35
        self.frequency_cum = list(accumulate([one_time, 90 - one_time, 10]))
        sections = set(spec.get("section_ids", ()))
        tags, places = set(spec.get("tag_ids", ())), set(spec.get("place_ids", ()))
        excluded = set(spec.get("excluded_section_ids", ()))
        chosen = sorted(
            (
                story
                for story in stories
                if story.section_id not in excluded
                and (
                    campaign.targets_all
                    or story.section_id in sections
                    or tags.intersection(story.tag_ids)
                    or places.intersection(story.place_ids)
                )
            ),
            key=lambda story: story.published_at,
        )
        # Seconds from `origin`, as the pledges' moments are counted.
        self.story_times = [(story.published_at - origin).total_seconds() for story in chosen]
        self.story_pks = [story.pk for story in chosen]
        # Most pledges come from the last week's stories: about this many stories back.
        self.recent = max(1.0, len(chosen) / (SPAN_DAYS / 7))


class PledgeGenerator:
    """Writes one run's campaigns, pledges and appeal counts."""

    def __init__(self, *, seed, run, now, batch_size, progress):
        self.seed, self.run, self.now = seed, run, now
        self.batch_size = batch_size
        self.progress = progress
        self.suffix = "" if run == 1 else f"-{run}"
        self.specs, self.campaigns, self.views = [], [], {}

    def rng(self, concern):
        return random.Random(f"{self.seed}:{self.run}:{concern}")

    def make_campaigns(self, *, sections, tags, countries, expected_pledges):
        """Save the campaigns with their targeting; goals fit the pledges to come."""
        self.specs = campaign_specs(self.now, countries=countries)
        total = sum(
            spec["per_day"] * ((spec.get("ends_at") or self.now) - spec["starts_at"]).days
            for spec in self.specs
        )
        for spec in self.specs:
            days = ((spec.get("ends_at") or self.now) - spec["starts_at"]).days
            expected = expected_pledges * spec["per_day"] * days / total
            fields = {
                key: spec[key]
                for key in ("name", "appeal_headline", "starts_at", "default_frequency")
                if key in spec
            }
            targeted = {
                "sections": [sections[slug] for slug in spec.get("sections", [])],
                "tags": [tags[name] for name in spec.get("tags", [])],
                "places": spec.get("places", []),
                "excluded_sections": [sections[s] for s in spec.get("excluded_sections", [])],
            }
            campaign = Campaign.objects.create(
                **fields,
                slug=f"{spec['slug']}{self.suffix}",
                appeal_body=f"<p>{spec['appeal_headline']}. We answer to readers, not "
                "owners or advertisers, and a gift of any size keeps us reporting.</p>",
                ends_at=spec.get("ends_at"),
                priority=spec.get("priority", 0),
                one_time_amounts=spec.get("one_time_amounts", "25, 50, 100, 250"),
                # About what the pledges will bring: progress bars near their goals.
                goal=Decimal(max(1000, int(round(expected * 90, -3)))),
                targets_all=not any(targeted[k] for k in ("sections", "tags", "places")),
            )
            for name, rows in targeted.items():
                getattr(campaign, name).set(rows)
            spec["section_ids"] = [row.pk for row in targeted["sections"]]
            spec["tag_ids"] = [row.pk for row in targeted["tags"]]
            spec["place_ids"] = [row.pk for row in targeted["places"]]
            spec["excluded_section_ids"] = [row.pk for row in targeted["excluded_sections"]]
            self.campaigns.append(campaign)
        live = sum(c.is_live_at(self.now) for c in self.campaigns)
        return {"campaigns": len(self.campaigns), "live": live}

    def write_pledges(self, count, *, stories):
        """`count` pledges to this run's campaigns, attributed to `stories` (oldest first)."""
        rng = self.rng("pledges")
        origin = self.now - timedelta(days=SPAN_DAYS)
        plans = [
            CampaignPlan(campaign, spec, now=self.now, origin=origin, stories=stories)
            for campaign, spec in zip(self.campaigns, self.specs, strict=True)
        ]
        moments = self.moments(rng, count, plans, origin)
        donors = max(1, count // 3)
        seen_donors, attributed = set(), 0
        self.progress.start("pledges", count)
        for start in range(0, count, self.batch_size):
            pledges = []
            for key in moments[start : start + self.batch_size]:
                seconds, index = divmod(key, 1 << CAMPAIGN_BITS)
                plan = plans[index]
                at = origin + timedelta(seconds=seconds)
                donor = int(donors * rng.random() ** 1.6)
                seen_donors.add(donor)
                pledge = self.pledge(rng, plan, at, donor)
                story = self.story_before(rng, plan, seconds)
                if story is not None:
                    pledge.article_id = story
                    attributed += 1
                    counts = self.views.setdefault(
                        (index, story, timezone.localtime(at).date()), [0, 0]
                    )
                    counts[0] += rng.randrange(*VIEWS_PER_PLEDGE)
                    counts[1] += 1
                pledges.append(pledge)
            with transaction.atomic():
                Pledge.objects.bulk_create(pledges)
            # With DEBUG on, Django keeps every query's SQL in memory.
            reset_queries()
            self.progress.advance(len(pledges))
        self.progress.finish()
        return {"pledges": count, "attributed": attributed, "donors": len(seen_donors)}

    def moments(self, rng, count, plans, origin):
        """Each pledge's second (from `origin`) and campaign, as sortable ints, in order."""
        cum = list(accumulate(plan.weight for plan in plans))
        keys = []
        for index in rng.choices(range(len(plans)), cum_weights=cum, k=count):
            plan = plans[index]
            span = (plan.ends - plan.starts).total_seconds() - 120
            fraction = rng.random() ** 0.7 if plan.grows else rng.random()
            at = (plan.starts - origin).total_seconds() + 60 + span * fraction
            keys.append((int(at) << CAMPAIGN_BITS) | index)
        keys.sort()
        return keys

    def story_before(self, rng, plan, seconds):
        """A story published before `seconds` that carried this appeal: mostly a recent one."""
        before = bisect_left(plan.story_times, seconds)
        if not before or rng.random() >= ATTRIBUTED:
            return None
        if rng.random() < 0.8:
            back = int(rng.expovariate(1.0) * plan.recent)
            return plan.story_pks[max(0, before - 1 - back)]
        return plan.story_pks[rng.randrange(before)]

    def pledge(self, rng, plan, at, donor):
        campaign = plan.campaign
        frequency = FREQUENCIES[bisect(plan.frequency_cum, rng.random() * 100)]
        if rng.random() < 0.15 or not plan.amounts[frequency]:
            amount = Decimal(rng.randrange(*OTHER_AMOUNTS[frequency]))
        else:
            amount = rng.choice(plan.amounts[frequency])
        first = words.FIRST_NAMES[donor % len(words.FIRST_NAMES)]
        last = words.LAST_NAMES[(donor // len(words.FIRST_NAMES)) % len(words.LAST_NAMES)]
        email = f"{first}.{last}.{donor}@example.org"
        # Most type their address in lower case; a few do not (totals ignore case).
        email = email if rng.random() < 0.03 else email.lower()
        # Older pledges have mostly been paid (or called off); recent ones are promises.
        settled = (self.now - at).days > 35
        status = STATUSES[bisect(SETTLED if settled else RECENT, rng.random() * 100)]
        return Pledge(
            campaign_id=campaign.pk,
            amount=amount,
            currency=campaign.currency,
            frequency=frequency,
            donor_name=f"{first} {last}",
            email=email,
            message=rng.choice(words.APPEAL_MESSAGES) if rng.random() < 0.06 else "",
            is_public=rng.random() < 0.4,
            status=status,
            reference=base64.urlsafe_b64encode(rng.randbytes(16)).decode().rstrip("="),
            created_at=at,
        )

    def count_totals(self):
        """Every campaign's kept totals, from the pledges written (donations.totals)."""
        self.progress.start("totals", 1)
        differences = totals.recount()
        self.progress.advance(1)
        self.progress.finish()
        return {"figures set": len(differences)}

    def write_appeal_stats(self):
        """Views and clicks per campaign, story and day, for the days that brought pledges."""
        rng = self.rng("appeal-stats")
        keys = list(self.views)
        self.progress.start("appeal counts", len(keys))
        for start in range(0, len(keys), self.batch_size):
            rows = []
            for index, article_id, day in keys[start : start + self.batch_size]:
                views, pledges = self.views[index, article_id, day]
                # Every pledge from a story began with a click on its appeal.
                clicks = max(pledges, views // rng.randint(15, 40))
                rows.append(
                    AppealStat(
                        campaign_id=self.campaigns[index].pk,
                        article_id=article_id,
                        day=day,
                        views=views,
                        clicks=clicks,
                    )
                )
            with transaction.atomic():
                AppealStat.objects.bulk_create(rows)
            reset_queries()
            self.progress.advance(len(rows))
        self.progress.finish()
        return {"appeal counts": len(keys)}
