"""PostgreSQL stopped, on a production-like server (DEBUG off): /healthz says 503 and pages
give the site's 500 page, not a traceback and not a hang; when the database returns, both
recover by themselves, without restarting the server.

Both ways of holding connections are tried: persistent connections (CONN_MAX_AGE with
health checks, the default) and psycopg's pool (DATABASE_POOL=1). A request waits up to
DATABASE_POOL_TIMEOUT for a pooled connection, and the pool reconnects in the background,
so with the pool errors come after that wait and recovery takes a moment.
"""

import contextlib
import re
import secrets
import time

import pytest

from tests.servers.client import Browser

POOL_TIMEOUT = 1
CONNECTIONS = {
    "persistent": {},
    "pool": {"DATABASE_POOL": "1", "DATABASE_POOL_TIMEOUT": str(POOL_TIMEOUT)},
}
# Failing is quick too: a stopped database refuses connections at once (a request on the
# pool waits for one first).
ANSWER_SECONDS = {"persistent": 2.0, "pool": POOL_TIMEOUT + 2.0}
# The pool's background reconnection waits 1 s, then 2, 4... between attempts.
POOL_RECOVERY_SECONDS = 15
STORY_LINK = re.compile(r'href="(/\d{4}/\d{2}/\d{2}/[\w-]+/)"')
ERROR_PAGE = "Something went wrong on our side"  # templates/500.html


@pytest.fixture(scope="module", params=CONNECTIONS)
def server(start_servers, postgres_proxy, request):
    (server,) = start_servers(
        1, database_address=postgres_proxy.address, production=True, env=CONNECTIONS[request.param]
    )
    server.connections = request.param
    yield server
    server.stop()


@pytest.fixture(scope="module")
def story_path(server):
    home = Browser().get(server.url + "/")
    assert home.status == 200, home
    return STORY_LINK.search(home.text)[1]


@contextlib.contextmanager
def database_stopped(proxy):
    """PostgreSQL, as the servers see it, is down inside the block, and back after it."""
    proxy.cut()
    try:
        yield
    finally:
        proxy.restore()


def healthy(server, reader):
    """The server answers /healthz with 200 (a pool may still be reconnecting after the
    previous test's outage: it is given the time it takes)."""
    seconds = POOL_RECOVERY_SECONDS if server.connections == "pool" else 0
    deadline = time.monotonic() + seconds
    health = reader.get(server.url + "/healthz")
    while health.status != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
        health = reader.get(server.url + "/healthz")
    return health


def uncached_page():
    """A page no one asked for before, so no cache can answer it: a search."""
    return f"/search/?q=harbour+{secrets.token_hex(4)}"


def assert_error_page(server, page):
    assert page.status == 500, f"{page}\n{page.text[:3000]}"
    assert ERROR_PAGE in page.text, page.text[:3000]
    assert "Traceback" not in page.text
    assert page.seconds < ANSWER_SECONDS[server.connections], f"{page}: too slow"


def test_healthz_says_503_and_pages_give_the_500_page_while_the_database_is_down(
    server, postgres_proxy, story_path
):
    reader = Browser()
    assert healthy(server, reader).status == 200
    assert reader.get(server.url + uncached_page()).status == 200

    with database_stopped(postgres_proxy):
        health = reader.get(server.url + "/healthz")
        search = reader.get(server.url + uncached_page())
        home = reader.get(server.url + f"/?from={secrets.token_hex(4)}")

    assert health.status == 503, f"{health}\n{health.text[:3000]}"
    assert health.text.startswith("database unavailable"), health.text
    assert health.seconds < ANSWER_SECONDS[server.connections], f"{health}: too slow"
    assert_error_page(server, search)
    assert_error_page(server, home)


def test_a_page_in_the_page_cache_is_still_served_while_the_database_is_down(
    server, postgres_proxy, story_path
):
    reader = Browser()
    assert healthy(server, reader).status == 200
    warm = [reader.get(server.url + story_path) for _ in range(2)][-1]
    assert warm.status == 200, warm

    with database_stopped(postgres_proxy):
        story = reader.get(server.url + story_path)

    assert story.status == 200, f"{story}\n{story.text[:3000]}"
    assert story.text == warm.text


def test_healthz_and_pages_recover_by_themselves_when_the_database_returns(
    server, postgres_proxy, story_path
):
    reader = Browser()
    assert healthy(server, reader).status == 200

    with database_stopped(postgres_proxy):
        assert reader.get(server.url + "/healthz").status == 503
        assert_error_page(server, reader.get(server.url + uncached_page()))

    # Same server process. Persistent connections: at once, the very next request.
    health = healthy(server, reader)
    assert health.status == 200, f"{health}\n{health.text}"
    for path in [uncached_page(), story_path, "/"]:
        page = reader.get(server.url + path)
        assert page.status == 200, f"{page}\n{page.text[:3000]}"
        assert ERROR_PAGE not in page.text
