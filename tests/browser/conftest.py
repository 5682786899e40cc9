"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

Every test under tests/browser is marked `browser`, and skipped when Chromium is missing.
On failure each page the test opened is saved as a screenshot in test-artifacts/.
"""

import importlib
import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA, as axe-core tags it (each version's rules carry that version's tag).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}
VIEWPORT = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery staple"  # tests.factories.make_user's default

# Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses
# ORM calls from a thread with a running loop (SynchronousOnlyOperation). The tests call
# the ORM only between browser steps, never concurrently with them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=f"Chromium is not installed at {CHROMIUM}")
    for item in items:
        if BROWSER_DIR not in Path(item.path).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists():
            item.add_marker(skip)


_failed_key = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Lets the page fixtures see, at teardown, whether the test itself failed.
    if report.when == "call" and report.failed:
        item.stash[_failed_key] = True
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def newsroom_groups(transactional_db):
    """The Journalists, Editors and Fundraising groups, as the data migrations make them.

    Transactional tests (live_server) flush the database after each test, and the flush
    takes the migration's groups with it; this puts them back.
    """
    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group

    migration = importlib.import_module("articles.migrations.0002_newsroom_groups")
    if Group.objects.filter(name__in=migration.GROUPS).count() == len(migration.GROUPS):
        return
    migration.create_groups(django_apps, None)
    importlib.import_module("donations.migrations.0002_fundraising_group").grant(django_apps, None)


@pytest.fixture
def new_page(browser, request):
    """Open a page in a fresh browser context (its own cookies): `new_page()`.

    Keyword arguments go to the context, e.g. `new_page(viewport={"width": 390, ...})`.
    """
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(**{"viewport": VIEWPORT, **context_options})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page

    if request.node.stash.get(_failed_key, False):
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                page.screenshot(path=ARTIFACTS / f"failed-{name}-{c}-{p}.png", full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in its own browser context, 1280 px wide."""
    return new_page()


@pytest.fixture
def artifacts():
    """The folder for screenshots the lead looks at (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def log_in():
    """Log a page in to the admin as `user`."""

    def log_in(page, live_server, user):
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#user-tools")

    return log_in


@pytest.fixture(scope="session")
def axe_script():
    """The path of axe-core's browser build; the tests fail (not skip) without it."""
    if not AXE.exists():
        pytest.fail(
            f"axe-core is not installed ({AXE} is missing). Run `npm ci` in {ROOT} "
            "(`make test` does it when npm is available).",
            pytrace=False,
        )
    return AXE


@pytest.fixture
def axe(axe_script):
    """Run axe-core on a page: `axe(page)` gives the serious and critical WCAG violations."""

    def run(page, tags=AXE_TAGS):
        # Evaluated, not added as a <script>: the pages' Content-Security-Policy refuses
        # inline scripts, and must not be bypassed for the pages under test.
        page.evaluate(axe_script.read_text())
        violations = page.evaluate(
            """async (tags) => {
                const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
                return results.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.map((node) => node.target.join(" ")),
                }));
            }""",
            tags,
        )
        return [v for v in violations if v["impact"] in AXE_FAILING_IMPACTS]

    return run
