"""The appeal block on the article page: what it shows, where it links, what it never does."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article
from donations.models import Campaign, Frequency, Pledge
from tests.factories import (
    add_byline,
    make_article,
    make_campaign,
    make_image,
    make_pledge,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


def appeal_html(response):
    """The <aside class="appeal"> of a page, or "" when there is none."""
    html = response.content.decode()
    match = re.search(r'<aside class="appeal.*?</aside>', html, re.S)
    return match.group(0) if match else ""


def test_live_story_carries_the_appeal_with_its_links_and_progress(client):
    campaign = make_campaign(
        slug="keep-going",
        appeal_headline="Keep independent reporting free",
        appeal_body="<p>Our reporters answer to readers.</p>",
        call_to_action="Give monthly",
        goal=Decimal("50000"),
        monthly_amounts="10, 18, 36",
    )
    make_pledge(campaign, amount=Decimal("1200"), email="a@example.org")
    make_pledge(campaign, amount=Decimal("34"), email="b@example.org")
    make_pledge(campaign, amount=Decimal("500"), status=Pledge.Status.CANCELLED)
    article = make_article()

    response = client.get(article.get_absolute_url())

    block = appeal_html(response)
    assert 'aria-labelledby="appeal-heading"' in block
    assert '<h2 id="appeal-heading" class="appeal__headline">Keep independent' in block
    assert "<p>Our reporters answer to readers.</p>" in block
    assert "$1,234</strong> raised of $50,000 goal · 2 supporters" in block
    assert '<progress class="appeal__bar" max="100" value="2"' in block
    pledge = reverse("donations:pledge", args=["keep-going"])
    for amount in ["10", "18", "36"]:
        link = f'href="{pledge}?amount={amount}&amp;frequency=monthly&amp;article={article.pk}"'
        assert f'<a class="button" {link}>${amount}/month</a>' in block
    assert f'href="{pledge}?frequency=monthly&amp;article={article.pk}">Give monthly</a>' in block
    assert f'href="{pledge}?frequency=one_time&amp;article={article.pk}">Give once</a>' in block
    assert f'href="{pledge}?frequency=annual&amp;article={article.pk}">Give yearly</a>' in block


def test_block_comes_after_the_story_and_before_related_stories(client):
    section = make_section()
    make_campaign()
    make_article(section=section)
    article = make_article(section=section, body="<p>The last paragraph.</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        html.index("The last paragraph.")
        < html.index('<aside class="appeal')
        < html.index('id="related-heading"')
    )


def test_block_has_no_form_no_token_and_the_story_sets_no_cookie(client):
    make_campaign()
    article = make_article()

    response = client.get(article.get_absolute_url())

    block = appeal_html(response)
    assert block
    assert "<form" not in block
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_block_carries_the_beacon_and_its_deferred_script(client):
    campaign = make_campaign()
    article = make_article()

    response = client.get(article.get_absolute_url())

    block = appeal_html(response)
    assert f'data-beacon="{reverse("donations:appeal-seen")}"' in block
    assert f'data-campaign="{campaign.pk}" data-article="{article.pk}"' in block
    html = response.content.decode()
    assert re.search(r'<script src="[^"]*js/appeal\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html.split("<body>")[1])


def test_staff_preview_shows_the_block_without_the_beacon(client):
    make_campaign()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    client.force_login(make_user("journalist"))

    response = client.get(draft.get_absolute_url())

    block = appeal_html(response)
    assert "appeal__headline" in block
    assert "data-beacon" not in block
    assert "appeal.js" not in response.content.decode()


def test_story_that_opts_out_has_no_appeal(client):
    make_campaign()
    article = make_article(has_appeal=False)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert appeal_html(response) == ""
    assert "appeal.js" not in response.content.decode()


def test_no_campaign_no_appeal(client):
    make_campaign(is_active=False)
    article = make_article()
    assert appeal_html(client.get(article.get_absolute_url())) == ""


def test_campaign_targeted_elsewhere_is_not_shown(client):
    make_campaign(sections=[make_section()])
    article = make_article(section=make_section())
    assert appeal_html(client.get(article.get_absolute_url())) == ""


def test_campaign_without_goal_shows_no_bar(client):
    campaign = make_campaign(goal=None)
    make_pledge(campaign)
    block = appeal_html(client.get(make_article().get_absolute_url()))
    assert "<progress" not in block
    assert "1 supporter so far" in block


def test_default_frequency_sets_the_buttons(client):
    make_campaign(default_frequency=Frequency.ONE_TIME, one_time_amounts="25, 50")
    block = appeal_html(client.get(make_article().get_absolute_url()))
    assert ">$25</a>" in block
    assert ">$50</a>" in block
    assert "Give monthly</a>" in block
    assert "Give once</a>" not in block


def test_appeal_text_cannot_run_script(client):
    make_campaign(
        appeal_headline="<b>Give</b>",
        appeal_body='<p onclick="steal()">Hi</p><script>alert(1)</script>',
    )
    block = appeal_html(client.get(make_article().get_absolute_url()))
    assert "&lt;b&gt;Give&lt;/b&gt;" in block
    assert "<script>alert" not in block
    assert "onclick" not in block


def test_masthead_links_to_the_donate_page(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert f'<a class="masthead__donate" href="{reverse("donations:donate")}">Donate</a>' in html


@pytest.mark.usefixtures("render_every_time")
def test_article_page_queries_with_an_appeal(client, django_assert_max_num_queries, run_tasks):
    section = make_section()
    campaign = make_campaign(sections=[section])
    make_campaign(excluded_sections=[make_section()])
    for _ in range(3):
        make_pledge(campaign)
    for _ in range(4):
        make_article(section=section, lead_image=make_image())
    article = make_article(section=section, lead_image=make_image())
    add_byline(article)
    article.tags.add("Defence", "Climate")
    run_tasks()  # the stories' page parts and related lists, kept

    # Cold cache: the page's 11 at most, the campaign list with its eight kinds of targeting, the
    # totals.
    with django_assert_max_num_queries(20):
        response = client.get(article.get_absolute_url())
    assert appeal_html(response)
    # Warm cache: the appeal costs nothing.
    with django_assert_max_num_queries(11):
        response = client.get(article.get_absolute_url())
    assert "3 supporters" in appeal_html(response)
    cache.clear()


@pytest.mark.parametrize(
    ("pledged", "value", "text"),
    [
        ("250", "25", "$250</strong> raised of $1,000 goal"),
        # Past the goal the text says so, and the bar stops at its end.
        ("1500", "100", "$1,500</strong> raised of $1,000 goal"),
    ],
)
def test_progress_bar_toward_the_goal(client, pledged, value, text):
    campaign = make_campaign(goal=Decimal("1000"))
    make_pledge(campaign, amount=Decimal(pledged))
    block = appeal_html(client.get(make_article().get_absolute_url()))
    assert f'value="{value}"' in block
    assert text in block


def test_new_campaign_shows_no_figures(client):
    # The desk's default: a campaign created without choosing a threshold.
    campaign = make_campaign()
    Campaign.objects.filter(pk=campaign.pk).update(
        totals_shown_from=Campaign._meta.get_field("totals_shown_from").default
    )

    block = appeal_html(client.get(make_article().get_absolute_url()))

    assert "Keep independent reporting free" in block
    assert "<progress" not in block
    assert "raised" not in block
    assert "supporter" not in block
    assert "$0" not in block


@pytest.mark.parametrize("goal", [Decimal("10000"), None])
def test_figures_appear_once_the_threshold_is_reached(client, goal):
    campaign = make_campaign(goal=goal, totals_shown_from=3)
    for _ in range(2):
        make_pledge(campaign)
    article = make_article()

    block = appeal_html(client.get(article.get_absolute_url()))
    assert "supporter" not in block
    assert "raised" not in block

    make_pledge(campaign)
    cache.clear()  # the page and its totals, kept for a minute
    block = appeal_html(client.get(article.get_absolute_url()))
    assert "3 supporters" in block
    assert ("$54</strong> raised of $10,000 goal" in block) == (goal is not None)


def test_desk_sets_the_threshold_on_the_campaign_form(fundraiser_client):
    campaign = make_campaign()
    url = reverse("admin:donations_campaign_change", args=[campaign.pk])
    page = fundraiser_client.get(url).content.decode()
    assert 'name="totals_shown_from"' in page
    assert "Supporters needed before the appeal shows" in page
