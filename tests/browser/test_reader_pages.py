"""Reader pages in a real browser: WCAG 2.2 AA by axe-core, phone and desktop layout, keyboard.

Each page is checked at a desktop and a phone width, in the light and the dark colour scheme,
and saved as a screenshot in test-artifacts/ (reader-<page>-<width>-<scheme>.png) for a
person to look at.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Correction
from tests.articles.record_factories import add_role, make_organisation
from tests.factories import (
    add_byline,
    add_correction,
    add_quote,
    image_bytes,
    make_article,
    make_campaign,
    make_image,
    make_person,
    make_place,
    make_pledge,
    make_section,
    upload,
)

WIDTHS = {1280: 900, 390: 844}
# Every kind of page a reader can reach.
PAGES = [
    "home",
    "article",
    "section",
    "tag",
    "person",
    "author",
    "place",
    "organisation",
    "search",
    "corrections",
    "pledge",
    "thanks",
    "not-found",
]
STATUS = {"not-found": 404}
SCHEMES = ["light", "dark"]

COLOURS = [(38, 84, 124), (142, 45, 48), (112, 66, 128), (46, 120, 84), (160, 110, 40)]


def picture(n, alt, size=(1200, 675), **overrides):
    data = image_bytes(size=size, color=COLOURS[n % len(COLOURS)])
    return make_image(file=upload(f"picture-{n}.jpg", data), alt_text=alt, **overrides)


@pytest.fixture
def reader_site(transactional_db):
    """A small paper: two sections, a fully linked story, its neighbours, a quoted person."""
    now = timezone.now()
    world = make_section(name="World", slug="world", position=1)
    climate = make_section(name="Climate", slug="climate", position=2)
    israel = make_place(name="Israel", slug="israel", kind="country")
    base = make_place(
        name="Nevatim Air Base",
        slug="nevatim",
        kind="facility",
        parent=israel,
        latitude=Decimal("31.20830"),
        longitude=Decimal("35.01220"),
    )
    general = make_person(
        honorific="Gen.",
        name="Michael Ramsey",
        slug="michael-ramsey",
        role="Commander, United States Central Command",
    )
    minister = make_person(name="Yael Dror", slug="yael-dror", role="Defence minister")
    reporter = make_person(name="Noa Friedman", slug="noa-friedman", role="Defence reporter")
    second = make_person(name="Lena Hartmann", slug="lena-hartmann", role="Diplomatic reporter")

    story = make_article(
        headline="US general lands at Nevatim for talks on air defence",
        slug="us-general-lands-at-nevatim",
        dek="The commander met four officials on his second visit this year, and two spoke "
        "to reporters on the runway.",
        body="<p>The plane touched down shortly after dawn, and the general was driven "
        "straight to a hangar where the officials were waiting.</p>"
        "<h2>What was agreed</h2><p>Both sides said the talks were about readiness. "
        "<a href='https://example.org/report'>The full statement</a> was published later."
        "</p><blockquote><p>A statement from the ministry.</p></blockquote>"
        "<p>Further meetings are planned for the spring.</p>",
        section=world,
        dateline=base,
        lead_image=picture(
            0,
            "A grey transport plane on a desert runway at dawn.",
            size=(1600, 900),
            caption="The general's plane at Nevatim on Monday.",
            credit="Dana Levi / Staff",
        ),
        published_at=now - timedelta(minutes=30),
        modified_at=now - timedelta(minutes=5),
    )
    add_byline(story, reporter)
    add_byline(story, second)
    story.people.add(general, minister)
    story.places.add(base, israel)
    forces = make_organisation(
        name="United States Armed Forces", slug="us-armed-forces", kind="military"
    )
    command = make_organisation(
        name="United States Central Command",
        slug="centcom",
        kind="military",
        parent=forces,
        description="The command of American forces in the Middle East and Central Asia.",
        wikidata_id="Q1057931",
    )
    add_role(general, command, title="Commander", started_on=date(2024, 2, 1))
    add_role(general, forces, title="Director of the Joint Staff", started_on=date(2021, 8, 1),
             ended_on=date(2024, 1, 31))  # fmt: skip
    add_role(minister, title="Defence minister", started_on=date(2023, 1, 1))
    story.organisations.add(command)
    story.tags.add("Defence", "United States", "Air defence")
    add_quote(story, general, text="We came to listen, and we will be back.", context="on arrival")
    add_quote(story, minister, text="Our partnership has never been closer.")
    add_correction(story, text="An earlier version gave the wrong day of the visit.")
    add_correction(
        story, kind=Correction.Kind.UPDATE, text="Adds the minister's comments after the talks."
    )

    for n in range(1, 8):
        related = make_article(
            headline=f"Air defence talks, part {n}: what the bridge between allies needs",
            dek="Officials on both sides describe a year of quiet preparation.",
            section=world if n % 2 else climate,
            lead_image=picture(n, f"Illustration number {n} for the story."),
            published_at=now - timedelta(hours=n),
        )
        related.tags.add("Defence")
        related.people.add(general)
        add_quote(related, general, text=f"Readiness is a daily job ({n}).")
    for n in range(8, 11):
        make_article(
            headline=f"Heat records fall across the coast, week {n}",
            section=climate,
            lead_image=picture(n, f"A beach in the afternoon, view {n}."),
            published_at=now - timedelta(hours=n),
        )
    campaign = make_campaign(slug="keep-us-going", monthly_amounts="10, 18, 36")
    pledge = make_pledge(campaign, amount=Decimal("18"), article=story)
    return {
        "story": story,
        "person": general,
        "author": reporter,
        "campaign": campaign,
        "pledge": pledge,
    }


def page_url(name, site):
    return {
        "home": reverse("articles:home"),
        "article": site["story"].get_absolute_url(),
        "section": reverse("articles:section-detail", args=["world"]),
        "tag": reverse("articles:tag-detail", args=["defence"]),
        "person": reverse("articles:person-detail", args=[site["person"].slug]),
        "author": reverse("articles:author-detail", args=[site["author"].slug]),
        "place": reverse("articles:place-detail", args=["nevatim"]),
        "organisation": reverse("articles:organisation-detail", args=["centcom"]),
        "search": reverse("articles:search") + "?q=bridge",
        "corrections": reverse("articles:correction-list"),
        "pledge": reverse("donations:pledge", args=[site["campaign"].slug]) + "?amount=18",
        "thanks": reverse("donations:thanks", args=[site["pledge"].reference]),
        "not-found": "/no-such-page/",
    }[name]


def load_lazy_images(page):
    """Lazy pictures below the fold load only on scroll; a full-page screenshot needs them."""
    page.evaluate(
        """async () => {
            document.querySelectorAll("img[loading=lazy]").forEach((img) => img.loading = "eager");
            await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
        }"""
    )


def describe(violations):
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    at {', '.join(v['targets'][:10])}"
        for v in violations
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", PAGES)
def test_reader_page_is_accessible_and_fits(
    live_server, reader_site, new_page, axe, artifacts, name, width, scheme
):
    page = new_page(viewport={"width": width, "height": WIDTHS[width]}, color_scheme=scheme)
    response = page.goto(live_server.url + page_url(name, reader_site))
    assert response.status == STATUS.get(name, 200)
    load_lazy_images(page)
    page.screenshot(path=artifacts / f"reader-{name}-{width}-{scheme}.png", full_page=True)
    # The scheme really is the one asked for: the page's own background follows it.
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == {"light": "rgb(255, 253, 248)", "dark": "rgb(22, 21, 19)"}[scheme]

    violations = axe(page)
    assert not violations, (
        f"axe found WCAG problems on {name} at {width}px ({scheme}):\n" + describe(violations)
    )

    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"{name} scrolls sideways at {width}px: {overflow}"

    # Keyboard: the skip link comes first, shows itself with a focus ring, and takes focus
    # to the main content, so the next Tab lands on the page's first link.
    focused = """() => {
        const element = document.activeElement;
        return {
            className: element.className,
            id: element.id,
            inMain: Boolean(element.closest("main")),
            outline: getComputedStyle(element).outlineStyle,
            top: element.getBoundingClientRect().top,
        };
    }"""
    page.keyboard.press("Tab")
    skip = page.evaluate(focused)
    assert skip["className"] == "skip-link", skip
    assert skip["top"] >= 0 and skip["outline"] == "solid", skip
    page.keyboard.press("Enter")
    assert page.evaluate(focused)["id"] == "main"
    page.keyboard.press("Tab")
    first_in_main = page.evaluate(focused)
    assert first_in_main["inMain"] and first_in_main["outline"] == "solid", first_in_main


def test_article_page_shows_everything_checked(live_server, reader_site, page):
    """The story the accessibility test checks really has all the parts it claims to."""
    page.goto(live_server.url + page_url("article", reader_site))
    story = page.locator("article.story")
    assert story.locator(".story__lead picture img").count() == 1
    assert story.locator(".quote").count() == 2
    assert story.locator(".corrections p").count() == 2
    # People, organisations, places, topics; each person with their title of the day.
    assert story.locator(".story__footer .chips li").count() == 2 + 1 + 2 + 3
    assert (
        "Commander, United States Central Command" in story.locator(".story__footer").inner_text()
    )
    assert page.locator(".related .story-card").count() == 4
    search = page.goto(live_server.url + page_url("search", reader_site))
    assert search.status == 200
    assert page.locator(".story-list .story-card").count() == 7
