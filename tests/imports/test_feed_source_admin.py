"""Agency sources in the admin: who may open them, the push secret shown once, the last
fetch and its error shown to staff, and the list's queries."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Organisation
from imports.models import FeedSource
from tests.articles.record_factories import make_organisation
from tests.factories import ROLES, login, make_section
from tests.imports.wire_documents import make_source

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:imports_feedsource_changelist"


@pytest.mark.parametrize(
    ("role", "status"), list(zip(ROLES, [302, 403, 200, 403, 200], strict=True))
)
def test_who_may_open_the_list(client, role, status):
    make_source()
    assert login(client, role).get(reverse(CHANGELIST)).status_code == status


def add_form(**overrides):
    data = {
        "name": "Example Wire",
        "slug": "example-wire",
        "organisation": str(make_organisation(kind=Organisation.Kind.AGENCY).pk),
        "format": "ninjs",
        "delivery": "push",
        "url": "",
        "interval_minutes": "15",
        "section": str(make_section().pk),
        "is_active": "on",
    }
    return data | overrides


def test_a_push_source_gets_its_secret_shown_once_and_kept_as_a_digest(editor_client):
    response = editor_client.post(reverse("admin:imports_feedsource_add"), add_form())

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    source = FeedSource.objects.get()
    assert source.secret_digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(source.__dict__)
    page = editor_client.get(reverse("admin:imports_feedsource_change", args=[source.pk]))
    assert secret not in page.content.decode()
    assert "/ingest/example-wire/" in page.content.decode()


def test_a_new_secret_replaces_the_old_one(editor_client):
    source = make_source()
    url = reverse("admin:imports_feedsource_change", args=[source.pk])
    data = add_form(organisation=str(source.organisation_id), section=str(source.section_id),
                    make_secret="on")  # fmt: skip

    response = editor_client.post(url, data)

    source.refresh_from_db()
    assert source.secret_matches(response.context["secret"])
    assert not source.secret_matches(source.test_secret)


def test_a_polled_source_needs_its_address_and_gets_no_secret(editor_client):
    response = editor_client.post(
        reverse("admin:imports_feedsource_add"), add_form(delivery="poll")
    )
    assert "A source we fetch needs its feed address." in response.content.decode()

    ok = editor_client.post(
        reverse("admin:imports_feedsource_add"),
        add_form(delivery="poll", url="https://wire.example/feed.json"),
    )
    assert ok.status_code == 302 and FeedSource.objects.get().secret_digest == ""


def test_the_list_shows_the_last_fetch_and_its_error(editor_client):
    make_source(last_fetched_at=timezone.now(), last_error="not well-formed XML (line 1)",
                items_created=7)  # fmt: skip

    html = editor_client.get(reverse(CHANGELIST)).content.decode()

    assert "not well-formed XML (line 1)" in html and ">7<" in html


def test_the_list_takes_the_same_queries_whatever_the_rows(
    editor_client, django_assert_max_num_queries
):
    url = reverse(CHANGELIST)
    make_source()
    editor_client.get(url)
    with django_assert_max_num_queries(12) as few:
        editor_client.get(url)
    for n in range(10):
        make_source(slug=f"wire-{n}")
    with django_assert_max_num_queries(len(few)):
        response = editor_client.get(url)
    assert response.context["cl"].result_count == 11


def test_a_feed_address_on_an_internal_network_is_refused_when_saved(editor_client):
    response = editor_client.post(
        reverse("admin:imports_feedsource_add"),
        add_form(delivery="poll", url="http://127.0.0.1:8000/admin/"),
    )

    assert "points at an internal address (127.0.0.1)" in response.content.decode()
    assert not FeedSource.objects.exists()
