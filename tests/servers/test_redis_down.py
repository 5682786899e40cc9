"""Redis stopped: reader pages still come from the database, quickly; the pledge form says
"try again shortly" and records nothing (its rate limits live in Redis), also when Redis
hangs instead; once Redis is back, pledges go through again without restarting anything."""

import contextlib
import re
import secrets
import time

import pytest

from tests.servers.client import Browser, read_form

# No request may hang on the missing cache: each answers within this.
ANSWER_SECONDS = 1.0
# After a failed call each process leaves Redis alone this long (newsroom/serving/redis_cache.py).
RETRY_SECONDS = 1
STORY_LINK = re.compile(r'href="(/\d{4}/\d{2}/\d{2}/[\w-]+/)"')
SECTION_LINK = re.compile(r'href="(/section/[\w-]+/)"')


@pytest.fixture(scope="module")
def server(start_servers, redis_proxy):
    (server,) = start_servers(
        1,
        redis_address=redis_proxy.address,
        env={"NEWSROOM_REDIS_RETRY_SECONDS": str(RETRY_SECONDS)},
    )
    return server


@contextlib.contextmanager
def redis_down(proxy, how="stopped"):
    """Inside the block Redis, as the servers see it, is stopped (connections broken and
    refused) or hangs (connections open, no answers); after it, Redis is back."""
    assert proxy.accepted, "the server never reached Redis through the proxy"
    if how == "stopped":
        proxy.cut()
    else:
        proxy.stall()
    try:
        yield
    finally:
        proxy.restore()


def test_reader_pages_come_from_the_database_while_redis_is_stopped(server, redis_proxy):
    reader = Browser()
    home = reader.get(server.url + "/")
    assert home.status == 200, home
    paths = ["/", STORY_LINK.search(home.text)[1], SECTION_LINK.search(home.text)[1], "/feed/"]
    warm = {path: [reader.get(server.url + path) for _ in range(2)][-1] for path in paths}

    with redis_down(redis_proxy):
        # Twice: the first requests find the pooled connection broken, the next ones none.
        pages = [(path, reader.get(server.url + path)) for _ in range(2) for path in paths]

    for path, page in pages:
        assert page.status == 200, f"{page}\n{page.text[:3000]}"
        assert page.seconds < ANSWER_SECONDS, f"{page}: too slow with Redis stopped"
        assert heading(page.text) == heading(warm[path].text), path
    assert "<rss" in pages[-1][1].text


@pytest.mark.parametrize("how", ["stopped", "hung"])
def test_pledges_are_refused_while_redis_is_down_and_taken_once_it_is_back(
    server, redis_proxy, database, how
):
    reader = Browser()
    email = f"reader-{secrets.token_hex(4)}@example.org"
    with redis_down(redis_proxy, how):
        page = reader.get(server.url + "/donate/", timeout=5)
        assert page.status == 200, f"{page}\n{page.text[:3000]}"
        form = read_form(page.text, ".pledge-form")
        form.set("frequency", "monthly")
        form.set("amount", "18")
        form.set("donor_name", "Jane Reader")
        form.set("email", email)
        pledge_url = server.url + form.action

        refused = reader.post(pledge_url, form.fields, referer=pledge_url, timeout=5)

        assert refused.status == 503, f"{refused}\n{refused.text[:3000]}"
        assert "Please try again shortly" in refused.text
        assert "Nothing has been recorded" in refused.text
        assert refused.headers["Retry-After"] == "60"
        assert refused.seconds < ANSWER_SECONDS, f"{refused}: too slow with Redis {how}"
        assert pledges_from(database, email) == []

    # The reader sends the same form again; the server was not restarted. Until the pause
    # after the last failure is over the answer is still "try again shortly".
    deadline = time.monotonic() + RETRY_SECONDS + 2
    taken = reader.post(pledge_url, form.fields, referer=pledge_url)
    while taken.status == 503 and time.monotonic() < deadline:
        time.sleep(0.2)
        taken = reader.post(pledge_url, form.fields, referer=pledge_url)
    assert taken.status == 303, f"{taken}\n{taken.text[:3000]}"
    assert taken.headers["Location"].startswith("/donate/thanks/")
    assert pledges_from(database, email) == [("18.00", "monthly")]


def pledges_from(database, email):
    return database.query(
        "SELECT amount::text, frequency FROM donations_pledge WHERE email = %s", [email]
    )


def heading(text):
    """The page's <title> and first <h1>: which page it is, whatever else changed."""
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    return title and title[1].strip(), h1 and h1[1].strip()
