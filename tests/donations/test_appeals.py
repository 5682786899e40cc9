"""Choosing the appeal: the pure function on its own, then fed from the database and cache."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from taggit.models import Tag

from articles.models import Organisation
from donations import appeals
from donations.appeals import StoryFacts, Targeting, choose
from donations.models import Campaign
from tests.factories import make_article, make_campaign, make_place, make_section

NOW = timezone.now()


def campaign(pk, *, priority=0, starts=-1, ends=None, is_active=True):
    """An unsaved campaign; starts/ends in days from NOW."""
    return Campaign(
        pk=pk,
        name=f"c{pk}",
        slug=f"c{pk}",
        appeal_headline="Give",
        priority=priority,
        starts_at=NOW + timedelta(days=starts),
        ends_at=None if ends is None else NOW + timedelta(days=ends),
        is_active=is_active,
    )


def targeting(c, **sets):
    """sections={1}, excluded_tags={10}...: targeting as load_targetings() gives it."""
    targets = {n: frozenset(ids) for n, ids in sets.items() if not n.startswith("excluded_")}
    excluded = {
        n.removeprefix("excluded_"): frozenset(ids)
        for n, ids in sets.items()
        if n.startswith("excluded_")
    }
    targets_all = not any(targets.values())
    return Targeting(campaign=c, targets_all=targets_all, targets=targets, excluded=excluded)


def story_facts(*, section, tags=(), places=(), has_appeal=True):
    ids = {"sections": frozenset({section}), "tags": frozenset(tags), "places": frozenset(places)}
    return StoryFacts(ids=ids, has_appeal=has_appeal)


STORY = story_facts(section=1, tags={10, 11}, places={100})


class TestChoose:
    def test_no_campaign_no_appeal(self):
        assert choose(STORY, [], NOW) is None

    def test_campaign_on_all_stories(self):
        general = campaign(1)
        assert choose(STORY, [targeting(general)], NOW) is general

    def test_story_that_opts_out_gets_none(self):
        opted_out = story_facts(section=1, has_appeal=False)
        assert choose(opted_out, [targeting(campaign(1))], NOW) is None

    @pytest.mark.parametrize(
        ("kind", "ids", "fits"),
        [
            ("sections", {1}, True),
            ("sections", {2}, False),
            ("tags", {11}, True),
            ("tags", {12}, False),
            ("places", {100}, True),
            ("places", {101}, False),
        ],
    )
    def test_targeted_by_section_tag_or_place(self, kind, ids, fits):
        targeted = campaign(1)
        chosen = choose(STORY, [targeting(targeted, **{kind: ids})], NOW)
        assert (chosen is targeted) is fits

    @pytest.mark.parametrize(
        ("kind", "ids"),
        [("excluded_sections", {1}), ("excluded_tags", {10}), ("excluded_places", {100})],
    )
    def test_exclusion_beats_inclusion(self, kind, ids):
        everywhere_but = campaign(1)
        assert choose(STORY, [targeting(everywhere_but, **{kind: ids})], NOW) is None
        by_section = campaign(2)
        assert choose(STORY, [targeting(by_section, sections={1}, **{kind: ids})], NOW) is None

    def test_exclusion_of_something_else_leaves_the_story_in(self):
        c = campaign(1)
        assert choose(STORY, [targeting(c, excluded_tags={99})], NOW) is c

    def test_highest_priority_wins(self):
        low, high = campaign(1, priority=1), campaign(2, priority=5)
        assert choose(STORY, [targeting(low), targeting(high)], NOW) is high
        assert choose(STORY, [targeting(high), targeting(low)], NOW) is high

    def test_targeted_campaign_of_higher_priority_beats_the_general_one(self):
        general, culture = campaign(1, priority=0), campaign(2, priority=10)
        choices = [targeting(general), targeting(culture, sections={1})]
        assert choose(STORY, choices, NOW) is culture
        elsewhere = story_facts(section=2)
        assert choose(elsewhere, choices, NOW) is general

    def test_equal_priority_goes_to_the_one_started_last(self):
        older, newer = campaign(1, starts=-10), campaign(2, starts=-2)
        assert choose(STORY, [targeting(newer), targeting(older)], NOW) is newer

    @pytest.mark.parametrize(
        ("options", "live"),
        [
            ({"starts": 1}, False),
            ({"starts": -5, "ends": -1}, False),
            ({"is_active": False}, False),
            ({"starts": -5, "ends": 1}, True),
        ],
    )
    def test_only_live_campaigns(self, options, live):
        c = campaign(1, **options)
        assert (choose(STORY, [targeting(c)], NOW) is c) is live

    def test_time_is_an_argument(self):
        starts_tomorrow = campaign(1, starts=1, ends=3)
        choices = [targeting(starts_tomorrow)]
        assert choose(STORY, choices, NOW) is None
        assert choose(STORY, choices, NOW + timedelta(days=2)) is starts_tomorrow
        assert choose(STORY, choices, NOW + timedelta(days=3)) is None


@pytest.mark.django_db
class TestFromTheDatabase:
    def test_each_kind_of_targeting_on_saved_rows(self):
        politics, culture = make_section(), make_section()
        israel = make_place(name="Israel", slug="israel")
        nevatim = make_place(name="Nevatim", slug="nevatim", parent=israel)
        make_campaign(name="General", priority=0)
        by_section = make_campaign(priority=5, sections=[culture])
        by_place = make_campaign(priority=6, places=[israel])
        Tag.objects.create(name="Climate", slug="climate")
        by_tag = make_campaign(priority=7, tags=[Tag.objects.get(slug="climate")])

        plain = make_article(section=politics)
        assert appeals.appeal_for(plain).campaign.name == "General"

        in_culture = make_article(section=culture)
        assert appeals.appeal_for(in_culture).campaign == by_section

        # A story about a place inside the targeted one carries its appeal, dateline too.
        about_nevatim = make_article(section=culture)
        about_nevatim.places.add(nevatim)
        assert appeals.appeal_for(about_nevatim).campaign == by_place
        datelined = make_article(section=politics, dateline=nevatim)
        assert appeals.appeal_for(datelined).campaign == by_place

        tagged = make_article(section=culture)
        tagged.tags.add("Climate")
        assert appeals.appeal_for(tagged).campaign == by_tag

    def test_excluded_place_includes_the_places_within(self):
        israel = make_place(name="Israel", slug="israel")
        nevatim = make_place(name="Nevatim", slug="nevatim", parent=israel)
        make_campaign(excluded_places=[israel])
        story = make_article()
        story.places.add(nevatim)
        assert appeals.appeal_for(story) is None

    def test_targeted_and_excluded_organisations_include_those_within(self):
        government = Organisation.objects.create(name="Government of Israel", slug="gov")
        defence = Organisation.objects.create(
            name="Ministry of Defence", slug="mod", parent=government
        )
        army = Organisation.objects.create(name="Israel Defense Forces", slug="idf")
        make_campaign(name="General", priority=0)
        by_government = make_campaign(priority=5, organisations=[government])
        about_defence = make_article()
        about_defence.organisations.add(defence)
        assert appeals.appeal_for(about_defence).campaign == by_government
        about_army = make_article()
        about_army.organisations.add(army)
        assert appeals.appeal_for(about_army).campaign.name == "General"
        make_campaign(priority=9, excluded_organisations=[government])
        assert appeals.appeal_for(about_defence).campaign == by_government

    def test_opted_out_story(self):
        make_campaign()
        assert appeals.appeal_for(make_article(has_appeal=False)) is None

    def test_campaign_change_is_seen_at_once_despite_the_cache(self):
        story = make_article()
        first = make_campaign(priority=1)
        assert appeals.appeal_for(story).campaign == first
        second = make_campaign(priority=2)
        assert appeals.appeal_for(story).campaign == second
        second.is_active = False
        second.save()
        assert appeals.appeal_for(story).campaign == first
        section = make_section()
        first.targets_all = False
        first.save()
        first.sections.add(section)
        assert appeals.appeal_for(story) is None

    def test_moving_a_place_into_a_targeted_one_is_seen_at_once(self):
        israel = make_place(name="Israel", slug="israel")
        haifa = make_place(name="Haifa", slug="haifa")
        campaign = make_campaign(places=[israel])
        story = make_article()
        story.places.add(haifa)
        assert appeals.appeal_for(story) is None
        haifa.parent = israel
        haifa.save()
        assert appeals.appeal_for(story).campaign == campaign

    def test_campaign_starting_later_appears_on_time(self):
        story = make_article()
        starts = timezone.now() + timedelta(minutes=10)
        make_campaign(starts_at=starts)
        assert appeals.appeal_for(story) is None
        assert appeals.appeal_for(story, at=starts + timedelta(seconds=1)) is not None

    def test_cache_kept_no_longer_than_the_next_start(self):
        starts = timezone.now() + timedelta(seconds=90)
        make_campaign(name="Later", starts_at=starts, is_active=False)
        live = make_campaign(name="Now")
        story = make_article()
        assert appeals.appeal_for(story).campaign == live
        # Written without signals: only the kept list's end can show it.
        type(live).objects.filter(pk=live.pk).update(name="Renamed")
        with time_machine.travel(starts - timedelta(seconds=2)):
            assert appeals.appeal_for(story).campaign.name == "Now"
        with time_machine.travel(starts + timedelta(seconds=1)):
            assert appeals.appeal_for(story).campaign.name == "Renamed"

    def test_cached_choice_costs_no_query(self, django_assert_num_queries):
        make_campaign()
        story = make_article()
        story = type(story).objects.for_page().get(pk=story.pk)
        appeals.appeal_for(story)
        with django_assert_num_queries(0):
            appeal = appeals.appeal_for(story)
        assert appeal is not None

    def test_cache_down_falls_back_to_the_database(self, monkeypatch):
        make_campaign(name="General")
        story = make_article()

        def broken(*args, **kwargs):
            raise RedisConnectionError("redis is down")

        monkeypatch.setattr(cache, "get_many", broken)
        monkeypatch.setattr(cache, "set", broken)
        assert appeals.appeal_for(story).campaign.name == "General"

    def test_general_campaign_prefers_one_on_all_stories(self):
        section = make_section()
        make_campaign(name="Targeted", priority=9, sections=[section])
        make_campaign(name="General", priority=1)
        assert appeals.current_general_campaign().name == "General"

    def test_buttons_say_the_frequency_and_link_with_attribution(self):
        c = make_campaign(slug="keep-us-going", monthly_amounts="10, 18, 36")
        story = make_article()
        appeal = appeals.appeal_for(story)
        assert [b.label for b in appeal.buttons] == ["$10/month", "$18/month", "$36/month"]
        assert appeal.buttons[1].url == (
            f"/donate/keep-us-going/?amount=18&frequency=monthly&article={story.pk}"
        )
        assert c.slug in appeal.action_url
