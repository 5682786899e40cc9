"""The fundraising dashboard: its numbers, its periods, its chart and its query count."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from donations import ledger, pledges
from donations.models import AppealStat, Channel, Frequency, PaymentAttempt, Pledge
from tests.factories import make_article, make_campaign, make_pledge

pytestmark = pytest.mark.django_db

DASHBOARD = "admin:donations_dashboard"


def table(html, heading_id):
    """The rows of the table in the section headed `heading_id`, as lists of cell texts."""
    section = html[html.index(f'id="{heading_id}"') :]
    section = section[: section.index("</section>")]
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    strip = re.compile(r"<[^>]+>")
    return [[" ".join(strip.sub(" ", cell).split()) for cell in row] for row in cells[1:]]


@pytest.fixture
def numbers():
    """The hand-checked campaign, two stories and their appeal views."""
    now = timezone.now()
    campaign = make_campaign(name="Spring drive", goal=Decimal("1000"))
    ferry, bridge = make_article(headline="Ferry returns"), make_article(headline="Bridge shut")
    make_pledge(
        campaign,
        amount=Decimal("18"),
        email="ana@example.org",
        article=ferry,
        status=Pledge.Status.ACTIVE,
    )
    make_pledge(
        campaign,
        amount=Decimal("120"),
        frequency=Frequency.ANNUAL,
        email="ana@example.org",
        status=Pledge.Status.ACTIVE,
        article=ferry,
        created_at=now - timedelta(days=3),
    )
    make_pledge(
        campaign,
        amount=Decimal("50"),
        frequency=Frequency.ONE_TIME,
        email="bo@example.org",
        status=Pledge.Status.FULFILLED,
        article=bridge,
        created_at=now - timedelta(days=50),
    )
    make_pledge(
        campaign, amount=Decimal("30"), email="cy@example.org", status=Pledge.Status.CANCELLED
    )
    AppealStat.objects.create(
        campaign=campaign, article=ferry, day=timezone.localdate(), views=4000
    )
    monthly, _, one_time, _ = campaign.pledges.order_by("pk")
    ledger.record_payment(pledge=monthly, amount=Decimal("18"), fee=Decimal("0.82"))
    ledger.record_payment(pledge=one_time, amount=Decimal("50"), channel=Channel.CHEQUE)
    return {"campaign": campaign, "ferry": ferry, "bridge": bridge}


def test_campaign_totals(fundraiser_client, numbers):
    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
    assert table(html, "campaigns-heading") == [
        [
            "Spring drive",
            "Live",
            "$188 of $1,000 18%",
            "$68",  # received: the one-time gift's cheque, one card instalment
            "$0.82",
            "$67.18",
            "$28",
            "3",
            "2",
        ]
    ]


def test_stories_in_the_last_30_days(fundraiser_client, numbers):
    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
    # Bridge's pledge was 50 days ago: outside the period.
    assert table(html, "stories-heading") == [["Ferry returns", "2", "$138", "4000", "0.5"]]
    changelist = reverse("admin:donations_pledge_changelist")
    assert f'href="{changelist}?article__id__exact={numbers["ferry"].pk}"' in html


def test_stories_in_the_last_90_days(fundraiser_client, numbers):
    html = fundraiser_client.get(reverse(DASHBOARD), {"days": "90"}).content.decode()
    assert table(html, "stories-heading") == [
        ["Ferry returns", "2", "$138", "4000", "0.5"],
        ["Bridge shut", "1", "$50", "0", "—"],
    ]
    assert 'aria-current="page">last 90 days<' in html


def test_story_link_lists_that_storys_pledges(fundraiser_client, numbers):
    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
    link = re.search(r'href="([^"]*article__id__exact=\d+)"', html).group(1)
    cl = fundraiser_client.get(link.replace("&amp;", "&")).context["cl"]
    assert {pledge.article for pledge in cl.result_list} == {numbers["ferry"]}
    assert len(cl.result_list) == 2


def test_chart_and_its_text(fundraiser_client, numbers):
    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
    svg = html[
        html.index('<svg class="day-chart"') : html.index("</svg>", html.index("day-chart"))
    ]
    assert 'role="img"' in svg
    assert '<title id="day-chart-title">Pledges per day, last 30 days</title>' in svg
    assert svg.count("<rect ") == 30
    # The summary and the table say what the bars show, for those who cannot see them.
    assert "<strong>2 pledges</strong> in the last 30 days" in html
    numbers_table = html[html.index('class="dashboard-numbers"') :]
    numbers_table = numbers_table[: numbers_table.index("</details>")]
    assert numbers_table.count('<td class="number">') == 30
    today = timezone.localdate()
    assert f'{today:%a} {today.day} {today:%b %Y}</th><td class="number">1</td>' in html


@pytest.mark.parametrize("days", ["7", "abc", ""])
def test_unknown_period_falls_back_to_30_days(fundraiser_client, days):
    response = fundraiser_client.get(reverse(DASHBOARD), {"days": days})
    assert response.status_code == 200
    assert response.context["days"] == 30


def test_empty_dashboard(fundraiser_client):
    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()
    assert "<strong>0 pledges</strong>" in html
    assert "No campaign ran in the last 30 days." in html
    assert "No pledge came from a story in the last 30 days." in html


def populate(campaigns, stories, pledges_each):
    """Campaigns, stories and pledges; each pledge active with a payment, then past due
    after a failed one or cancelled (a lapsed donor), and a declined card attempt."""
    articles = [make_article() for _ in range(stories)]
    for n in range(campaigns):
        campaign = make_campaign(currency=["USD", "EUR"][n % 2])
        for m in range(pledges_each):
            article = articles[m % stories]
            pledge = make_pledge(
                campaign,
                article=article,
                created_at=timezone.now() - timedelta(days=m * 7),
            )
            ledger.gift_paid(
                pledge, why="test", amount=pledge.amount, stripe_invoice_id=f"in_{n}_{m}"
            )
            if m % 2:
                ledger.gift_failed(
                    pledge, why="test", amount=pledge.amount, stripe_invoice_id=f"in_{n}_{m}_2"
                )
            else:
                pledges.change_status(pledge=pledge, status=Pledge.Status.CANCELLED, by=None)
            PaymentAttempt.objects.create(pledge=pledge, outcome="declined", code="card_declined")
            AppealStat.objects.get_or_create(
                campaign=campaign,
                article=article,
                day=timezone.localdate() - timedelta(days=m),
                defaults={"views": 100},
            )


@pytest.mark.parametrize(("campaigns", "stories", "pledges_each"), [(1, 1, 2), (6, 8, 12)])
@pytest.mark.parametrize("days", [30, 365])
def test_query_count_is_bounded(
    fundraiser_client, django_assert_max_num_queries, campaigns, stories, pledges_each, days
):
    populate(campaigns, stories, pledges_each)
    fundraiser_client.get(reverse(DASHBOARD))  # the session, warmed
    # Session, user, two permission look-ups; campaigns, pledges per day, stories, their
    # views; failed payments, lapsed donors, churn (pledges, status changes), card attempts.
    with django_assert_max_num_queries(13):
        response = fundraiser_client.get(reverse(DASHBOARD), {"days": days})
    assert len(response.context["campaigns"]) == campaigns
    assert response.context["articles"]
    # Every gift stopped after a payment; every other one is past due after a failure.
    assert len(response.context["lapsed"]) == min(campaigns * pledges_each, 25)
    assert len(response.context["failed"]) == campaigns * (pledges_each // 2)


@pytest.mark.parametrize(
    ("views", "shown"),
    [(999, "too few views"), (1000, "2.0"), (0, "—")],
)
def test_rate_per_thousand_views_waits_for_enough_views(fundraiser_client, settings, views, shown):
    settings.NEWSROOM_RATE_MIN_VIEWS = 1000
    campaign = make_campaign()
    story = make_article(headline="Harbour")
    for _ in range(2):
        make_pledge(campaign, article=story)
    if views:
        AppealStat.objects.create(
            campaign=campaign, article=story, day=timezone.localdate(), views=views
        )

    html = fundraiser_client.get(reverse(DASHBOARD)).content.decode()

    assert table(html, "stories-heading") == [["Harbour", "2", "$36", str(views), shown]]
    assert "A rate per 1,000 views is given only from 1,000 views" in html
