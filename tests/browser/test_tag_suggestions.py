"""The story form's tag field offers existing tags as a journalist types, under the admin's
Content-Security-Policy (the script is a file from our origin, not inline)."""

from playwright.sync_api import expect
from taggit.models import Tag

from tests.factories import make_user


def test_typing_a_tag_offers_existing_ones(live_server, newsroom_groups, page, log_in):
    for name in ["Climate", "Climate change", "Defence"]:
        Tag.objects.create(name=name)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    log_in(page, live_server, make_user("journalist"))
    page.goto(f"{live_server.url}/admin/articles/article/add/")

    tags = page.locator("#id_tags")
    tags.press_sequentially("Defence, clim", delay=20)

    options = page.locator("#id_tags_suggestions option")
    expect(options).to_have_count(2)
    assert [o.get_attribute("value") for o in options.all()] == [
        "Defence, Climate",
        'Defence, "Climate change"',
    ]
    assert tags.get_attribute("list") == "id_tags_suggestions"
    assert refused == []
