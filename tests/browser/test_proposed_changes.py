"""A writer changes their live story; it waits; an editor compares and publishes it; the
reader sees it. In Chromium, as each of them would."""

from playwright.sync_api import expect

from tests.factories import add_byline, make_article, make_person, make_user

OLD = "Ferry back on the river"
NEW = "Ferry back on the river, four times a day"


def test_writer_proposes_editor_publishes_reader_sees(
    live_server, newsroom_groups, page, new_page, log_in, artifacts
):
    writer = make_user("journalist", first_name="Ana", last_name="Ruiz")
    story = make_article(headline=OLD, created_by=writer)
    add_byline(story, make_person(name="Ana Ruiz", user=writer))
    reader = new_page(viewport={"width": 390, "height": 844})
    reader.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(reader.locator("h1")).to_have_text(OLD)

    # The writer edits the live story: the save waits for an editor.
    log_in(page, live_server, writer)
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    expect(page.locator("fieldset", has_text="Publishing")).to_contain_text(
        "Your changes will wait for an editor"
    )
    page.fill("#id_headline", NEW)
    page.fill("#id_workflow_note", "Two more crossings from Monday.")
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist .success")).to_contain_text("Your changes wait")
    expect(page.locator(".proposal-waiting")).to_contain_text("Two more crossings")
    reader.reload()
    expect(reader.locator("h1")).to_have_text(OLD)

    # The editor finds them on the schedule, reads the difference and publishes.
    desk = new_page()
    log_in(desk, live_server, make_user("editor"))
    desk.goto(f"{live_server.url}/admin/articles/article/schedule/")
    waiting = desk.locator("section", has=desk.locator("#changes-heading"))
    expect(waiting).to_contain_text("Two more crossings from Monday.")
    waiting.get_by_role("link", name=OLD).click()
    expect(desk.locator(".revision-field-headline ins")).to_contain_text("four times a day")
    desk.screenshot(path=artifacts / "proposed-changes-1280.png", full_page=True)
    desk.get_by_role("button", name="Publish these changes").click()
    expect(desk.locator(".messagelist .success")).to_contain_text("Published the changes")

    reader.reload()
    expect(reader.locator("h1")).to_have_text(NEW)
