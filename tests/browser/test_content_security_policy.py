"""The Content-Security-Policy in Chromium: nothing on a story or in the story editor is
refused, the appeal's script and the rich-text editor run, and a refusal would be seen."""

from playwright.sync_api import expect

from tests.factories import make_article, make_campaign, make_image, make_user

# Installed before any page script runs: every refusal the page reports, in order.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def watch(page):
    """Collect the page's CSP refusals: its securitypolicyviolation events and the console
    messages Chromium writes for them. Call before the first goto()."""
    messages = []
    page.add_init_script(WATCH_VIOLATIONS)
    page.on("console", lambda message: messages.append(message.text))

    def violations():
        refused = [m for m in messages if "Content Security Policy" in m]
        return page.evaluate("window.cspViolations") + refused

    return violations


def test_story_page_runs_its_script_and_nothing_is_refused(live_server, page):
    make_campaign()
    story = make_article(lead_image=make_image())
    violations = watch(page)
    beacons = []
    page.on("request", lambda request: beacons.append(request.url))

    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator('script[type="application/ld+json"]')).to_have_count(1)
    # appeal.js counts a view once half the block is on screen.
    with page.expect_request(lambda request: "/donate/seen/" in request.url):
        page.locator(".appeal").scroll_into_view_if_needed()

    assert violations() == []
    assert len([url for url in beacons if "/donate/seen/" in url]) == 1

    # The watch sees a refusal when there is one: an inline script, as an injection would be.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.append(script);
        }"""
    )
    page.wait_for_function("window.cspViolations.length > 0")
    assert page.evaluate("window.injected") is None
    assert any(v.startswith("script-src-elem inline") for v in violations())


def test_story_editor_loads_under_the_admin_policy(live_server, newsroom_groups, page, log_in):
    story = make_article(body="<p>The bridge reopened.</p>")
    violations = watch(page)

    log_in(page, live_server, make_user("editor"))
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    editor = page.locator(".field-body .ProseMirror[contenteditable=true]")
    expect(editor).to_contain_text("The bridge reopened.")
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" Traffic is back.")
    expect(editor).to_contain_text("The bridge reopened. Traffic is back.")

    assert violations() == []
