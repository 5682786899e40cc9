"""Every kind of reader page is valid HTML, by the Nu HTML Checker (vnu.jar, the W3C's).

vnu.jar comes from the `vnu-jar` npm package (package.json, installed by `make test`) and
runs on Java. The tests skip when there is no Java at all; without vnu.jar they fail, saying
what to install, as the accessibility tests do without axe-core.
"""

import json
import re
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.articles.record_factories import add_role, make_organisation
from tests.factories import (
    add_byline,
    add_correction,
    add_quote,
    make_article,
    make_campaign,
    make_image,
    make_person,
    make_place,
    make_pledge,
    make_section,
)

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java") or "/usr/bin/java"

needs_java = pytest.mark.skipif(not Path(JAVA).exists(), reason=f"Java is not installed ({JAVA})")


def nu_errors(documents, tmp_path):
    """{name: [error message, ...]} for each HTML document, checked by one run of vnu.jar."""
    if not VNU.exists():
        pytest.fail(
            f"The Nu HTML Checker is not installed ({VNU} is missing). Run `npm ci` in {ROOT} "
            "(`make test` does it when npm is available).",
            pytrace=False,
        )
    paths = {}
    for name, html in documents.items():
        paths[name] = tmp_path / f"{name}.html"
        paths[name].write_bytes(html)
    result = subprocess.run(
        [JAVA, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths.values())],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = {name: [] for name in documents}
    for message in messages:
        # vnu names the file as "file:/tmp/.../home.html".
        name = Path(message.get("url", "?")).stem
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} "
            f"[{message.get('extract', '').strip()}]"
        )
    return errors


@pytest.fixture
def reader_urls():
    """One address of each kind of reader page, every one with content in it."""
    now = timezone.now()
    section = make_section(name="World", slug="world")
    country = make_place(name="Israel", slug="israel", kind="country")
    city = make_place(name="Haifa", slug="haifa", kind="city", parent=country)
    person = make_person(name="Yael Dror", slug="yael-dror", role="Defence minister")
    writer = make_person(name="Noa Friedman", slug="noa-friedman", role="Reporter")
    story = make_article(
        headline="Ministers meet at the port as the bridge reopens",
        slug="ministers-meet-at-the-port",
        section=section,
        dateline=city,
        lead_image=make_image(caption="The port at dawn.", credit="Staff"),
        body="<p>The bridge reopened.</p><h2>What next</h2><blockquote><p>Soon.</p>"
        "</blockquote><p><a href='https://example.org/'>A statement</a>.</p>",
        published_at=now - timedelta(hours=2),
        modified_at=now - timedelta(minutes=5),
    )
    add_byline(story, writer)
    add_quote(story, person, text="We will be back.", context="on arrival")
    add_correction(story, text="An earlier version gave the wrong day.")
    story.people.add(person)
    story.places.add(city)
    story.tags.add("Bridges")
    government = make_organisation(name="Government", slug="government", kind="government")
    ministry = make_organisation(
        name="Ministry of Defence",
        slug="ministry-of-defence",
        kind="government",
        parent=government,
        description="The ministry that runs the armed forces.",
        wikidata_id="Q123",
    )
    make_organisation(name="Procurement Directorate", slug="procurement", parent=ministry)
    add_role(person, ministry, title="Defence minister", started_on=date(2023, 1, 1))
    add_role(person, ministry, title="Deputy minister", started_on=date(2020, 1, 1),
             ended_on=date(2022, 12, 31))  # fmt: skip
    story.organisations.add(ministry)
    for n in range(3):
        other = make_article(
            headline=f"The bridge, part {n}",
            section=section,
            lead_image=make_image(),
            published_at=now - timedelta(hours=3 + n),
        )
        other.tags.add("Bridges")
        other.people.add(person)
        other.places.add(city)
        add_byline(other, writer)
    campaign = make_campaign(slug="keep-us-going")
    pledge = make_pledge(campaign, amount=Decimal("18"), message="Keep going.")
    return {
        "home": (reverse("articles:home"), 200),
        "article": (story.get_absolute_url(), 200),
        "section": (reverse("articles:section-detail", args=["world"]), 200),
        "tag": (reverse("articles:tag-detail", args=["bridges"]), 200),
        "person": (reverse("articles:person-detail", args=["yael-dror"]), 200),
        "place": (reverse("articles:place-detail", args=["israel"]), 200),
        "organisation": (
            reverse("articles:organisation-detail", args=["ministry-of-defence"]),
            200,
        ),
        "author": (reverse("articles:author-detail", args=["noa-friedman"]), 200),
        "search": (reverse("articles:search") + "?q=bridge", 200),
        "search-empty": (reverse("articles:search"), 200),
        "corrections": (reverse("articles:correction-list"), 200),
        "pledge": (reverse("donations:pledge", args=["keep-us-going"]) + "?amount=18", 200),
        "thanks": (pledge.get_absolute_url(), 200),
        "404": ("/no/such/page/", 404),
    }


@needs_java
@pytest.mark.django_db
def test_every_reader_page_is_valid_html(client, reader_urls, tmp_path):
    documents = {}
    for name, (url, status) in reader_urls.items():
        response = client.get(url)
        assert response.status_code == status, (name, url, response.status_code)
        documents[name] = response.content

    # A pledge sent with a stale CSRF token gets the site's own 403 page.
    stale = Client(enforce_csrf_checks=True).post(reader_urls["pledge"][0], {"amount": "18"})
    assert stale.status_code == 403
    documents["csrf-failure"] = stale.content

    errors = {name: found for name, found in nu_errors(documents, tmp_path).items() if found}

    assert not errors, "The Nu HTML Checker found errors:\n" + "\n".join(
        f"{name} ({reader_urls.get(name, ('?',))[0]}):\n  " + "\n  ".join(found)
        for name, found in errors.items()
    )


@needs_java
def test_the_checker_reports_a_time_with_microseconds(tmp_path):
    """What the page test relies on: vnu.jar runs and reports what it should."""
    page = (
        b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        b'<body><time datetime="2026-12-06T05:21:49.123456+00:00">today</time></body></html>'
    )
    errors = nu_errors({"bad": page}, tmp_path)
    assert len(errors["bad"]) == 1
    assert "datetime" in errors["bad"][0]


def test_no_template_writes_a_datetime_with_microseconds():
    """Admin pages too: every <time datetime> goes through the `iso_datetime` filter."""
    pattern = re.compile(r"""\|\s*date\s*:\s*["']c["']""")
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if pattern.search(path.read_text())
    ]
    assert offenders == [], "use |iso_datetime, not |date:'c', in " + ", ".join(offenders)
