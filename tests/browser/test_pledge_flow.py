"""From a story's appeal to a pledge the fundraising desk can see, in a real browser."""

import re

from playwright.sync_api import expect

from donations.models import AppealStat, Pledge
from tests.factories import make_article, make_campaign, make_user


def test_reader_pledges_from_the_appeal_and_fundraiser_sees_it(
    live_server, newsroom_groups, settings, page, new_page, log_in, artifacts
):
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0
    campaign = make_campaign(
        slug="keep-us-going",
        appeal_headline="Keep independent reporting free for everyone",
        monthly_amounts="10, 18, 36",
    )
    story = make_article(headline="Harbour cranes fall silent as dockworkers strike")
    fundraiser = make_user("fundraiser")

    # The reader scrolls to the appeal under the story and picks $18 a month.
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    appeal = page.locator("aside.appeal")
    appeal.scroll_into_view_if_needed()
    expect(appeal).to_contain_text("Keep independent reporting free for everyone")
    assert page.context.cookies() == []
    # The beacon reports the appeal in view once.
    for _ in range(50):
        if AppealStat.objects.filter(views=1).exists():
            break
        page.wait_for_timeout(100)
    appeal.get_by_role("link", name="$18/month").click()

    expect(page).to_have_url(re.compile(r"/donate/keep-us-going/\?"))
    expect(page.locator("#id_amount")).to_have_value("18")
    expect(page.locator("input[name=frequency][value=monthly]")).to_be_checked()
    page.fill("#id_donor_name", "Miriam Adler")
    page.fill("#id_email", "miriam@example.org")
    page.screenshot(path=artifacts / "pledge-form-1280.png", full_page=True)
    page.get_by_role("button", name="Pledge my gift").click()

    expect(page).to_have_url(re.compile(r"/donate/thanks/[\w-]+/$"))
    expect(page.locator("main")).to_contain_text("$18/month")
    assert "miriam" not in page.url
    page.screenshot(path=artifacts / "pledge-thanks-1280.png", full_page=True)

    pledge = Pledge.objects.get()
    assert (pledge.amount, pledge.frequency, pledge.article) == (18, "monthly", story)
    stat = AppealStat.objects.get(campaign=campaign, article=story)
    assert (stat.views, stat.clicks) == (1, 1)

    # The fundraiser finds the pledge, attributed to the story.
    desk = new_page()
    log_in(desk, live_server, fundraiser)
    desk.goto(f"{live_server.url}/admin/donations/pledge/?q=miriam")
    row = desk.locator("#result_list tbody tr").filter(has_text="Miriam Adler")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(story.headline)
    expect(row).to_contain_text("$18/month")
    desk.screenshot(path=artifacts / "pledge-admin-list-1280.png", full_page=True)
