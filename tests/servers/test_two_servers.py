"""Two app servers, one PostgreSQL, one Redis: a change made through one shows on the other
at once, however warm either server's caches were."""

import html
import re
import secrets

import pytest

from tests.servers.client import Browser, read_form

DEMO_PASSWORD = "newsroom-demo"  # manage.py create_demo_users
STORY_LINK = re.compile(r'href="(/\d{4}/\d{2}/\d{2}/([\w-]+)/)"')


@pytest.fixture(scope="module")
def servers(start_servers):
    return start_servers(2)


def warm(servers, *paths):
    """Read each page twice on every server, so any cache of it is filled and used."""
    reader = Browser()
    for server in servers:
        for path in paths:
            for _ in range(2):
                page = reader.get(server.url + path)
                assert page.status == 200, f"{page} on server {server.name}"


def story_on_home_page(server, database):
    """A live story linked from the home page: (path, id, headline, its section's path)."""
    home = Browser().get(server.url + "/")
    assert home.status == 200, home
    path, slug = STORY_LINK.search(home.text).groups()
    ((pk, headline, section),) = database.query(
        "SELECT a.id, a.headline, s.slug FROM articles_article a"
        " JOIN articles_section s ON s.id = a.section_id WHERE a.slug = %s",
        [slug],
    )
    assert html.escape(headline) in home.text
    return path, pk, headline, f"/section/{section}/"


def change_through_admin(browser, server, change_url, form_id, **changes):
    """Open an admin change form, change some fields, send back everything else as it was."""
    page = browser.get(server.url + change_url)
    assert page.status == 200, page
    form = read_form(page.text, f"#{form_id}")
    for name, value in changes.items():
        form.set(name, value)
    answer = browser.post(server.url + change_url, form.fields, referer=server.url + change_url)
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer.text, re.S)
    assert answer.status == 302, f"the admin did not save: {answer}; errors: {errors}"


def reader_pages(servers, *paths):
    """Each page as an anonymous reader gets it from each server, once."""
    reader = Browser()
    pages = {}
    for server in servers:
        for path in paths:
            page = reader.get(server.url + path)
            assert page.status == 200, f"{page} on server {server.name}"
            pages[server.name, path] = page.text
    return pages


def story_with_an_appeal(server, database):
    """A live story that carries a campaign's appeal: (path, campaign id, appeal headline)."""
    campaigns = database.query("SELECT id, appeal_headline FROM donations_campaign")
    reader = Browser()
    home = reader.get(server.url + "/")
    for path in dict.fromkeys(path for path, _ in STORY_LINK.findall(home.text)):
        text = reader.get(server.url + path).text
        for pk, headline in campaigns:
            if html.escape(headline) in text:
                return path, pk, headline
    pytest.fail("no story on the home page carries a campaign's appeal")


def test_a_headline_changed_through_one_server_shows_at_once_on_both(servers, database):
    a, b = servers
    path, pk, old_headline, section_path = story_on_home_page(a, database)
    pages_with_it = [path, "/", section_path, "/feed/"]
    warm([a, b], *pages_with_it)
    new_headline = f"Changed through server A ({secrets.token_hex(3)})"

    editor = Browser()
    editor.log_in(a, "editor", DEMO_PASSWORD)
    change_through_admin(
        editor, a, f"/admin/articles/article/{pk}/change/", "article_form", headline=new_headline
    )

    assert database.query("SELECT headline FROM articles_article WHERE id = %s", [pk]) == [
        (new_headline,)
    ]
    # Server B first: it never saw the change being made.
    pages = reader_pages([b, a], *pages_with_it)
    for (server, page_path), text in pages.items():
        assert new_headline in text, f"server {server} still serves the old {page_path}"
        for old in {old_headline, html.escape(old_headline)}:
            assert old not in text, f"server {server} still shows the old headline on {page_path}"


def test_a_campaign_changed_through_one_server_shows_on_the_stories_of_the_other(
    servers, database
):
    a, b = servers
    path, campaign_pk, old_appeal = story_with_an_appeal(a, database)
    warm([a, b], path)
    new_appeal = f"Appeal changed through server A ({secrets.token_hex(3)})"

    fundraiser = Browser()
    fundraiser.log_in(a, "fundraiser", DEMO_PASSWORD)
    change_through_admin(
        fundraiser,
        a,
        f"/admin/donations/campaign/{campaign_pk}/change/",
        "campaign_form",
        appeal_headline=new_appeal,
    )

    pages = reader_pages([b, a], path)
    for (server, _), text in pages.items():
        assert new_appeal in text, f"server {server} still shows the old appeal"
        assert html.escape(old_appeal) not in text, f"server {server} shows the old appeal"
