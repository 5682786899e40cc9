"""Security headers on every kind of response, and no inline code on the reader's pages.

Reader pages (stories, lists, feeds, the pledge pages, errors) and static files get the
strict policy from settings.CONTENT_SECURITY_POLICY and never a nonce: they are cached and
must be the same for every reader. The admin adds newsroom.settings.NEWSROOM_ADMIN_CSP: a
nonce for the editor's import map, new on every response, and inline styles.
"""

import io
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib.staticfiles import finders
from django.core.handlers.wsgi import WSGIHandler
from django.template.loader import render_to_string
from django.urls import reverse, set_script_prefix

from tests.factories import (
    add_byline,
    add_correction,
    add_quote,
    make_article,
    make_campaign,
    make_image,
    make_place,
    make_pledge,
    make_section,
    make_user,
)
from tests.test_configuration import PRODUCTION, run

pytestmark = pytest.mark.django_db

HSTS = "max-age=31536000; includeSubDomains; preload"
# Every response, reader or admin, carries these directives exactly.
COMMON_DIRECTIVES = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


@pytest.fixture(autouse=True)
def production_hsts(settings):
    """HSTS as production sends it (the demo's settings, which the tests load, turn it off)."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


@pytest.fixture
def site(db):
    """A story with everything a page can show, under a live campaign, and one pledge."""
    place = make_place(name="Riverside", slug="riverside")
    story = make_article(section=make_section(), dateline=place, lead_image=make_image())
    story.tags.add("Bridges")
    author = add_byline(story).person
    speaker = add_quote(story).speaker
    add_correction(story)
    campaign = make_campaign()
    pledge = make_pledge(campaign, article=story)
    return SimpleNamespace(
        story=story, place=place, author=author, speaker=speaker, campaign=campaign, pledge=pledge
    )


def policy(response):
    """The Content-Security-Policy header as {directive: [source, ...]}."""
    directives = [d.split() for d in response.headers["Content-Security-Policy"].split(";")]
    return {name: sources for name, *sources in directives}


def assert_security_headers(response):
    """The headers every response carries, whatever it is."""
    csp = policy(response)
    for directive, sources in COMMON_DIRECTIVES.items():
        assert csp[directive] == sources, directive
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert response.headers["Strict-Transport-Security"] == HSTS
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    return csp


def assert_reader_policy(response):
    csp = assert_security_headers(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert "nonce" not in response.headers["Content-Security-Policy"]


class InlineCode(HTMLParser):
    """What a policy without 'unsafe-inline' blocks, as start tags. Scripts: inline <script>
    (JSON-LD data blocks are not scripts), event handler attributes, javascript: URLs.
    Styles: <style> elements and style attributes."""

    def __init__(self, html):
        super().__init__()
        self.scripts, self.styles = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        data_block = attributes.get("type") == "application/ld+json"
        if tag == "script" and "src" not in attributes and not data_block:
            self.scripts.append(self.get_starttag_text())
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.scripts.append(self.get_starttag_text())
        if tag == "style" or "style" in attributes:
            self.styles.append(self.get_starttag_text())


def assert_no_inline_code(html):
    found = InlineCode(html)
    assert found.scripts == []
    assert found.styles == []
    assert " nonce=" not in html


READER_PAGES = {
    "article": lambda s: s.story.get_absolute_url(),
    "home": lambda s: reverse("articles:home"),
    "section": lambda s: reverse("articles:section-detail", args=[s.story.section.slug]),
    "tag": lambda s: reverse("articles:tag-detail", args=["bridges"]),
    "person": lambda s: reverse("articles:person-detail", args=[s.speaker.slug]),
    "place": lambda s: reverse("articles:place-detail", args=[s.place.slug]),
    "author": lambda s: reverse("articles:author-detail", args=[s.author.slug]),
    "search": lambda s: reverse("articles:search") + "?q=story",
    "corrections": lambda s: reverse("articles:correction-list"),
    "donate": lambda s: reverse("donations:donate"),
    "pledge-form": lambda s: (
        reverse("donations:pledge", args=[s.campaign.slug])
        + f"?amount=18&frequency=monthly&article={s.story.pk}"
    ),
    "thanks": lambda s: reverse("donations:thanks", args=[s.pledge.reference]),
    "not-found": lambda s: "/no-such-page/",
}


@pytest.mark.parametrize("page", READER_PAGES)
def test_reader_page_sends_the_strict_policy_and_runs_no_inline_code(client, site, page):
    response = client.get(READER_PAGES[page](site), secure=True)

    assert response.status_code == (404 if page == "not-found" else 200)
    assert_reader_policy(response)
    assert_no_inline_code(response.content.decode())


def test_article_page_scripts_are_files_and_data(client, site):
    html = client.get(site.story.get_absolute_url(), secure=True).content.decode()

    # The appeal's counter is a file; the structured data is a data block CSP lets be.
    assert re.search(r'<script src="/static/js/appeal\.js" defer>', html)
    assert '<script type="application/ld+json">' in html


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda s: reverse("articles:feed"), id="rss"),
        pytest.param(lambda s: reverse("articles:feed-atom"), id="atom"),
        pytest.param(lambda s: reverse("sitemap"), id="sitemap"),
        pytest.param(
            lambda s: reverse("sitemap-list", kwargs={"section": "places"}), id="sitemap-part"
        ),
        pytest.param(lambda s: "/static/css/site.css", id="static-css"),
        pytest.param(lambda s: "/static/js/appeal.js", id="static-js"),
    ],
)
def test_feeds_sitemaps_and_static_files_carry_the_headers(client, site, url):
    response = client.get(url(site), secure=True)

    assert response.status_code == 200
    assert_reader_policy(response)


def test_a_page_from_the_page_cache_carries_the_same_headers(
    client, site, django_assert_num_queries
):
    url = site.story.get_absolute_url()
    rendered = client.get(url, secure=True)
    with django_assert_num_queries(0):
        cached = client.get(url, secure=True)

    assert cached.content == rendered.content
    assert_reader_policy(cached)
    assert cached.headers["Content-Security-Policy"] == rendered.headers["Content-Security-Policy"]


def test_the_500_page_needs_no_inline_style():
    html = render_to_string("500.html")

    assert_no_inline_code(html)
    assert '<link rel="stylesheet" href="/static/css/error.css">' in html
    assert finders.find("css/error.css")


# The admin ------------------------------------------------------------------------------


def admin_policy(response):
    csp = assert_security_headers(response)
    # The editor (Tiptap) injects a <style> element, and admin lists use style attributes.
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    return csp


def importmap_nonce(response):
    found = re.search(r'<script type="importmap" nonce="([^"]+)">', response.content.decode())
    assert found, "the editor's import map has no nonce"
    return found.group(1)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        pytest.param(None, lambda s: reverse("admin:login"), id="login"),
        pytest.param("editor", lambda s: reverse("admin:index"), id="index"),
        pytest.param(
            "editor", lambda s: reverse("admin:articles_article_changelist"), id="changelist"
        ),
        pytest.param(
            "editor", lambda s: reverse("admin:articles_article_schedule"), id="schedule"
        ),
        pytest.param(
            "editor",
            lambda s: reverse("admin:articles_article_revisions", args=[s.story.pk]),
            id="revisions",
        ),
        pytest.param("fundraiser", lambda s: reverse("admin:donations_dashboard"), id="dashboard"),
    ],
)
def test_admin_page_without_the_editor_has_no_nonce(client, site, role, url):
    if role:
        client.force_login(make_user(role))
    response = client.get(url(site), secure=True)

    assert response.status_code == 200
    assert admin_policy(response)["script-src"] == ["'self'"]
    assert InlineCode(response.content.decode()).scripts == []


@pytest.mark.parametrize(
    ("role", "url"),
    [
        pytest.param(
            "editor",
            lambda s: reverse("admin:articles_article_change", args=[s.story.pk]),
            id="article-change",
        ),
        pytest.param("editor", lambda s: reverse("admin:articles_article_add"), id="article-add"),
        pytest.param(
            "fundraiser",
            lambda s: reverse("admin:donations_campaign_change", args=[s.campaign.pk]),
            id="campaign-change",
        ),
    ],
)
def test_editor_import_map_carries_the_nonce_of_its_response(client, site, role, url):
    client.force_login(make_user(role))

    first = client.get(url(site), secure=True)
    second = client.get(url(site), secure=True)

    assert first.status_code == second.status_code == 200
    nonces = []
    for response in (first, second):
        script_src = admin_policy(response)["script-src"]
        assert script_src[0] == "'self'"
        assert [NONCE.fullmatch(s).group(1) for s in script_src[1:]] == [importmap_nonce(response)]
        nonces.append(importmap_nonce(response))
    assert nonces[0] != nonces[1]
    # The import map is the one inline script, and only its nonce lets it run.
    assert InlineCode(second.content.decode()).scripts == [
        f'<script type="importmap" nonce="{nonces[1]}">'
    ]
    assert len(nonces[0]) >= 22  # 16 random bytes, base64


# Production settings --------------------------------------------------------------------

PRINT_POLICY = """
import json
from django.conf import settings
names = ["CONTENT_SECURITY_POLICY", "NEWSROOM_ADMIN_CSP", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
         "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_CONTENT_TYPE_NOSNIFF",
         "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS"]
print(json.dumps({name: getattr(settings, name) for name in names}, default=repr))
"""


def production_settings(**changes):
    environment = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **changes}
    result = run(environment, "-c", "import django; django.setup()\n" + PRINT_POLICY)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_turn_on_every_https_protection():
    values = production_settings()

    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["upgrade-insecure-requests"] is True
    assert directives["img-src"] == ["'self'", "data:"]
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert values["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"


@pytest.mark.parametrize(
    ("changes", "origins"),
    [
        (
            {"DJANGO_MEDIA_URL": "https://media.example.org/uploads/"},
            ["https://media.example.org"],
        ),
        (
            {
                "NEWSROOM_MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": "pictures",
                "AWS_S3_CUSTOM_DOMAIN": "cdn.example.org",
            },
            ["https://cdn.example.org"],
        ),
        (
            {
                "NEWSROOM_MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": "pictures",
                "AWS_S3_ENDPOINT_URL": "https://objects.example.net",
            },
            ["https://objects.example.net"],
        ),
        (
            {
                "NEWSROOM_MEDIA_STORAGE": "s3",
                "AWS_STORAGE_BUCKET_NAME": "pictures",
                "AWS_S3_REGION_NAME": "eu-west-1",
            },
            ["https://pictures.s3.amazonaws.com", "https://pictures.s3.eu-west-1.amazonaws.com"],
        ),
    ],
    ids=["media-url", "s3-custom-domain", "s3-endpoint", "s3-aws"],
)
def test_pictures_from_a_media_host_are_allowed(changes, origins):
    directives = production_settings(**changes)["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]

    assert directives["img-src"] == ["'self'", "data:", *origins]


def through_wsgi(path, script_name):
    """The response headers of a GET through Django's real WSGI handler, which (unlike the
    test client) sets the script prefix the way a server mounted under one does."""
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "https",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    b"".join(WSGIHandler()(environ, start_response))
    set_script_prefix("/")
    return started


@pytest.mark.django_db(transaction=True)
def test_the_admin_is_recognised_under_a_script_prefix(settings):
    """Deployed under /news, the admin's pages still get the admin's policy, and reader
    pages still the strict one (the admin's address is matched with its prefix)."""
    settings.SECURE_SSL_REDIRECT = False
    admin = through_wsgi("/admin/login/", "/news")
    assert admin["status"].startswith("200")
    assert "style-src 'self' 'unsafe-inline'" in admin["headers"]["Content-Security-Policy"]
    reader = through_wsgi("/", "/news")
    assert "style-src 'self';" in reader["headers"]["Content-Security-Policy"] + ";"
