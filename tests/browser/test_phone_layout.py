"""Layout only a browser shows: what a phone's first screen holds, and the home page's rows.

Screenshots go to test-artifacts/ (layout-<what>-<width>.png).
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_campaign, make_image, make_section

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_APPEAL = "".join(
    f"<p>Paragraph {n} of the appeal: our reporters answer to readers, not to owners or "
    "advertisers, and we mean to keep it that way for as long as readers stand with us.</p>"
    for n in range(1, 5)
)

# The rows a set of elements makes: elements whose boxes overlap vertically share a row.
ROWS = """(selector) => {
    const boxes = [...document.querySelectorAll(selector)]
        .map((e) => e.getBoundingClientRect()).filter((b) => b.height > 0)
        .sort((a, b) => a.top - b.top);
    let rows = 0, bottom = -Infinity;
    for (const box of boxes) {
        if (box.top >= bottom) { rows += 1; bottom = box.bottom; }
        else { bottom = Math.max(bottom, box.bottom); }
    }
    return rows;
}"""


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_pledge_form_comes_first_on_a_phone(live_server, new_page, artifacts):
    campaign = make_campaign(slug="keep-us-going", appeal_body=LONG_APPEAL)
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server.url}{reverse('donations:pledge', args=[campaign.slug])}?amount=18")
    page.screenshot(path=artifacts / "layout-pledge-390.png")

    assert page.evaluate("() => window.scrollY") == 0
    amount = box(page, "#id_amount")
    assert amount["y"] + amount["height"] <= PHONE["height"], f"amount field at {amount}"
    # The appeal is still there for whoever wants it, after the form.
    assert box(page, ".pledge-page__appeal")["y"] > box(page, ".pledge-form")["y"]
    assert "Paragraph 4 of the appeal" in page.locator(".pledge-page__appeal").inner_text()


def test_pledge_page_keeps_the_appeal_beside_the_form_on_a_wide_screen(live_server, new_page):
    campaign = make_campaign(slug="keep-us-going", appeal_body=LONG_APPEAL)
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}{reverse('donations:pledge', args=[campaign.slug])}")
    appeal, form = box(page, ".pledge-page__appeal"), box(page, ".pledge-page__form")
    assert appeal["x"] + appeal["width"] <= form["x"]
    assert abs(appeal["y"] - form["y"]) < 40


def test_masthead_takes_two_rows_at_most_on_a_phone(live_server, new_page, artifacts):
    for n, name in enumerate(["World", "Politics", "Culture", "Climate", "Business", "Science"]):
        make_section(name=name, slug=name.lower(), position=n)
    make_article()
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + reverse("articles:home"))
    page.screenshot(path=artifacts / "layout-masthead-390.png", clip={"x": 0, "y": 0, **PHONE})

    assert page.evaluate(ROWS, ".masthead .brand, .masthead__donate, .sections li") == 2
    masthead = box(page, ".masthead")
    brand, link = box(page, ".masthead__donate"), box(page, ".sections a")
    # Two rows of their own height, and the padding and rules around them: no third row.
    assert masthead["height"] < brand["height"] + link["height"] + 40, masthead
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    # Every section and the search can still be reached: the row scrolls sideways.
    last = page.locator(".sections li").last
    last.scroll_into_view_if_needed()
    last_box = last.bounding_box()
    assert last_box["x"] >= 0 and last_box["x"] + last_box["width"] <= PHONE["width"]
    assert last.inner_text().strip().lower() == "search"


def test_a_section_with_one_story_fills_its_row(live_server, new_page, artifacts):
    now = timezone.now()
    world = make_section(name="World", slug="world", position=1)
    culture = make_section(name="Culture", slug="culture", position=2)
    for n in range(9):  # the front: lead, two top stories, six latest
        make_article(section=world, published_at=now - timedelta(hours=n + 1))
    make_article(
        section=culture,
        headline="Tel Aviv's oldest bookshop changes hands, and keeps its name",
        lead_image=make_image(),
        published_at=now - timedelta(days=2),
    )
    page = new_page(viewport=DESKTOP)
    page.goto(live_server.url + reverse("articles:home"))
    block = page.locator(".section-block", has_text="Culture")
    block.scroll_into_view_if_needed()
    block.screenshot(path=artifacts / "layout-home-one-story-1280.png")

    row = block.locator(".section-block__list").bounding_box()
    card = block.locator(".story-card").bounding_box()
    picture = block.locator(".story-card__image").bounding_box()
    text = block.locator(".story-card__text").bounding_box()
    assert card["width"] > 0.9 * row["width"], (card, row)
    # The picture stays the size of a quarter-row card's, with the words beside it.
    assert picture["width"] < 0.3 * row["width"], picture
    assert text["x"] > picture["x"] + picture["width"] and abs(text["y"] - picture["y"]) < 5
