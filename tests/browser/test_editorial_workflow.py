"""The desk at work: a journalist submits, an editor acts on a newsroom check, schedules,
and the story reaches readers at its time and not before."""

import time
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_person, make_section, make_user

HEADLINE = "Harbour master promises the ferry by spring"
BODY = "Mira Haddad told the council the ferry would return in April."
NOTE = "Figures checked with the port office."
LEAD_SECONDS = 8


def test_submit_link_from_the_warning_schedule_and_appear_on_time(
    live_server, newsroom_groups, page, new_page, log_in, artifacts
):
    make_section(name="City", slug="city")
    mira = make_person(name="Mira Haddad", slug="mira-haddad", role="Harbour master")
    journalist = make_user("journalist", first_name="Ana", last_name="Ruiz")
    editor = make_user("editor", first_name="Rina", last_name="Cohen")
    ana = make_person(name="Ana Ruiz", slug="ana-ruiz", role="City reporter", user=journalist)

    # The journalist writes the story and sends it for review with a note.
    log_in(page, live_server, journalist)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    body = page.locator(".field-body .ProseMirror[contenteditable=true]")
    body.click()
    page.keyboard.type(BODY)
    page.select_option("#id_section", label="City")
    page.select_option("#id_status", label="In review")
    page.fill("#id_workflow_note", NOTE)
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.IN_REVIEW
    assert [byline.person for byline in article.bylines.all()] == [ana]  # offered on the form

    # The editor finds it on the schedule, waiting for review, with the note.
    desk = new_page()
    log_in(desk, live_server, editor)
    desk.goto(f"{live_server.url}/admin/articles/article/schedule/")
    waiting = desk.locator("section", has=desk.locator("#review-heading"))
    expect(waiting).to_contain_text(HEADLINE)
    expect(waiting).to_contain_text(NOTE)
    expect(waiting).to_contain_text("Ana Ruiz")
    desk.screenshot(path=artifacts / "workflow-schedule.png", full_page=True)
    waiting.get_by_role("link", name=HEADLINE).click()

    # The checks say Mira Haddad is named but not linked; the editor links her from there.
    checks = desk.get_by_role("region", name="Newsroom checks")
    expect(checks).to_contain_text("Mira Haddad")
    desk.screenshot(path=artifacts / "workflow-checks.png", full_page=True)
    link = checks.get_by_role("button", name="Link Mira Haddad to this story")
    # With unsaved edits in the story, linking (which reloads) asks first; cancel keeps them.
    desk.wait_for_timeout(700)
    desk.fill("#id_dek", "Unsaved standfirst")
    asked = []
    desk.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    link.click()
    expect(desk.locator("#id_dek")).to_have_value("Unsaved standfirst")
    assert asked and "unsaved changes" in asked[0]
    assert not article.people.exists()
    desk.reload()
    link.click()
    expect(desk.locator(".messagelist .success")).to_contain_text("Linked Mira Haddad")
    assert list(article.people.all()) == [mira]
    expect(desk.get_by_role("button", name="Link Mira Haddad to this story")).to_have_count(0)

    # The editor schedules it a few seconds ahead (the form's times are local).
    due = (timezone.now() + timedelta(seconds=LEAD_SECONDS)).replace(microsecond=0)
    local = timezone.localtime(due)
    desk.select_option("#id_status", label="Published")
    desk.fill("#id_published_at_0", local.strftime("%Y-%m-%d"))
    desk.fill("#id_published_at_1", local.strftime("%H:%M:%S"))
    desk.locator("input[name=_save]").last.click()
    expect(desk.locator(".messagelist .success")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.published_at == due
    assert article in Article.objects.scheduled()
    assert [step.to_status for step in article.status_changes.all()] == ["published", "review"]

    # A reader: not there before its time, there at its time. The server decides somewhere
    # between sending a request and receiving its answer, so a 404 proves only that the
    # request left before the time, and a 200 that its answer came back after it.
    reader = new_page()
    url = f"{live_server.url}{article.get_absolute_url()}"
    hidden_before = False
    while True:
        sent = timezone.now()
        status = reader.goto(url).status
        received = timezone.now()
        if status == 200:
            break
        assert status == 404
        assert sent < due, "still hidden after its publication time"
        hidden_before = True
        time.sleep(0.1 if received > due - timedelta(seconds=1) else 0.25)
    assert hidden_before, "the reader never saw it hidden: the test ran past its time"
    assert received >= due, "visible before its publication time"
    assert received - due < timedelta(seconds=2)
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".preview-banner")).to_have_count(0)
    home = reader.goto(f"{live_server.url}/")
    assert home.status == 200
    expect(reader.get_by_role("link", name=HEADLINE).first).to_be_visible()
    reader.screenshot(path=artifacts / "workflow-live.png", full_page=True)

    # On a phone the form, its workflow history ("Scheduled … for …") included, needs no
    # sideways scrolling.
    phone = new_page(viewport={"width": 390, "height": 844})
    log_in(phone, live_server, editor)
    phone.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(phone.get_by_role("region", name="Workflow history")).to_contain_text("for ")
    widths = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
