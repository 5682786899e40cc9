"""A story from a journalist's first keystroke to a reader's screen, through the admin."""

import re

from playwright.sync_api import expect

from articles.models import Article, Person
from tests.factories import make_section, make_user

HEADLINE = "Bridge reopens after two years of repairs"
DEK = "Commuters return to the river crossing on Monday."
BODY = "The first cars crossed the bridge at dawn."
QUOTE = "We kept our promise to the city."
SPEAKER = "Amara Okonkwo"


def test_journalist_writes_editor_publishes_reader_reads(
    live_server, newsroom_groups, page, new_page, log_in, artifacts
):
    make_section(name="City", slug="city")
    journalist = make_user("journalist")
    editor = make_user("editor")

    # The journalist writes the story.
    log_in(page, live_server, journalist)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_dek", DEK)
    editor_area = page.locator(".field-body .ProseMirror[contenteditable=true]")
    editor_area.click()
    page.keyboard.type(BODY)
    expect(editor_area).to_contain_text(BODY)
    page.select_option("#id_section", label="City")

    page.locator("#quotes-group .add-row a").click()
    with page.expect_popup() as popup_info:
        page.click("#add_id_quotes-0-speaker")
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.fill("#id_name", SPEAKER)
    # Leaving the name field fills in the slug (and must happen before we type in the slug,
    # or the prepopulated value lands on top of ours).
    popup.press("#id_name", "Tab")
    expect(popup.locator("#id_slug")).to_have_value("amara-okonkwo")
    popup.fill("#id_slug", "amara-okonkwo")
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    speaker = Person.objects.get(slug="amara-okonkwo")
    expect(page.locator("#id_quotes-0-speaker")).to_have_value(str(speaker.pk))
    page.fill("#id_quotes-0-text", QUOTE)

    status_options = page.locator("#id_status option").all_inner_texts()
    assert status_options == ["Draft", "In review"]
    page.select_option("#id_status", label="In review")
    page.screenshot(path=artifacts / "story-flow-admin-add-form.png", full_page=True)

    # Record what the form posts for the body: the editor's HTML, copied into the textarea.
    page.evaluate(
        """() => document.querySelector("#article_form").addEventListener("submit", () => {
            sessionStorage.setItem("postedBody", document.querySelector("#id_body").value);
        })"""
    )
    page.locator("input[name=_save]").last.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    posted_body = page.evaluate("() => sessionStorage.getItem('postedBody')")
    assert posted_body == f"<p>{BODY}</p>"

    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.IN_REVIEW
    assert article.published_at is None
    assert article.body == f"<p>{BODY}</p>"
    assert article.section.slug == "city"
    assert article.created_by == journalist
    assert [(q.speaker, q.text) for q in article.quotes.all()] == [(speaker, QUOTE)]

    # An editor publishes it, leaving the publication time blank (meaning now).
    editor_page = new_page()
    log_in(editor_page, live_server, editor)
    editor_page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    expect(editor_page.locator("#id_headline")).to_have_value(HEADLINE)
    expect(editor_page.locator("#id_status option")).to_have_text(
        [label for _value, label in Article.Status.choices]
    )
    editor_page.select_option("#id_status", label="Published")
    expect(editor_page.locator("#id_published_at_0")).to_have_value("")
    editor_page.screenshot(path=artifacts / "story-flow-admin-change-form.png", full_page=True)
    editor_page.locator("input[name=_save]").last.click()
    expect(editor_page.locator(".messagelist .success")).to_contain_text(
        "was changed successfully"
    )

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.is_live

    # A reader, not logged in, reads it.
    reader_page = new_page()
    response = reader_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert response.status == 200
    expect(reader_page.locator("h1")).to_have_text(HEADLINE)
    story = reader_page.locator("article.story")
    expect(story).to_contain_text(DEK)
    expect(story.locator(".story__body")).to_contain_text(BODY)
    expect(story.locator(".quote blockquote")).to_have_text(QUOTE)
    expect(story.locator(".quote figcaption")).to_contain_text(SPEAKER)
    expect(reader_page.locator(".preview-banner")).to_have_count(0)
    expect(reader_page).to_have_title(re.compile(re.escape(HEADLINE)))
    reader_page.screenshot(path=artifacts / "story-flow-reader-page.png", full_page=True)
