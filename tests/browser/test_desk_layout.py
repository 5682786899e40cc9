"""The fundraising desk's lists as a fundraiser sees them at 1280 px: every column in view."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from donations.models import CampaignTotals
from tests.factories import make_campaign, make_user


def overflowing_columns(page):
    """Header cells of the result list that end past the list's visible box, by name."""
    return page.evaluate(
        """() => {
            const table = document.querySelector("#result_list");
            const box = table.closest(".results").getBoundingClientRect();
            return [...table.querySelectorAll("thead th")]
                .filter((th) => th.getBoundingClientRect().right > box.right + 0.5)
                .map((th) => th.textContent.trim());
        }"""
    )


def test_campaign_list_shows_every_column_at_1280(
    live_server, newsroom_groups, page, log_in, artifacts
):
    # Wide figures: a long name, six-figure sums, five-digit counts, a set end date.
    big = make_campaign(
        name="Reader-funded 2027 (general appeal, all sections)",
        goal=Decimal("2500000"),
        ends_at=timezone.now() + timedelta(days=300),
        priority=100,
    )
    CampaignTotals.objects.filter(campaign=big).update(
        raised=Decimal("1234567.89"), pledge_count=12345, donor_count=9876
    )
    make_campaign(name="Climate desk fund", is_active=False)
    log_in(page, live_server, make_user("fundraiser"))

    page.goto(f"{live_server.url}/admin/donations/campaign/")

    page.screenshot(path=artifacts / "campaign-list-1280.png", full_page=True)
    headers = page.locator("#result_list thead th .text").all_text_contents()
    assert [h.strip() for h in headers][1:] == ["Name", "State", "Pledged", "Received", "Pledges"]
    assert overflowing_columns(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
