"""Who gets what: keys (missing, wrong, revoked), their sections, embargoed copy, and the
rate limit, through the API's URLs."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from syndication.models import ApiKey, key_digest
from tests.factories import HIDDEN, HIDDEN_IDS, make_article, make_section
from tests.syndication.conftest import bearer, make_key

pytestmark = pytest.mark.django_db
LIST = "syndication:story-list"


def headlines(response):
    assert response.status_code == 200, response.content
    return [item["headlines"][0]["value"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "An API key is required"),
        (bearer("nrs_not-a-key"), "not valid"),
        ({"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}, "Authorization: Bearer"),
        ({"HTTP_AUTHORIZATION": "Bearer"}, "Authorization: Bearer"),
    ],
)
def test_no_key_or_a_wrong_one_is_401_with_a_message(client, headers, message):
    response = client.get(reverse(LIST), **headers)
    assert response.status_code == 401
    assert message in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_is_refused_by_name(client):
    key, raw = make_key(sections=[make_section()])
    assert client.get(reverse(LIST), **bearer(raw)).status_code == 200
    key.revoke()
    response = client.get(reverse(LIST), **bearer(raw))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_only_the_digest_is_kept_and_last_use_is_recorded(client):
    key, raw = make_key(sections=[make_section()])
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw not in {stored.digest, stored.prefix, stored.label}
    assert stored.digest == key_digest(raw) and raw.startswith(stored.prefix)
    assert stored.last_used_at is None
    client.get(reverse(LIST), **bearer(raw))
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


def test_a_key_takes_only_its_sections(client):
    mine, theirs = make_section(slug="world"), make_section(slug="local")
    make_article(headline="Ours", section=mine)
    make_article(headline="Not ours", section=theirs)
    make_article(headline="No section", section=None)
    _, raw = make_key(sections=[mine])
    assert headlines(client.get(reverse(LIST), **bearer(raw))) == ["Ours"]
    assert headlines(client.get(reverse(LIST), {"section": "world"}, **bearer(raw))) == ["Ours"]
    other = make_article(section=theirs)
    detail = client.get(reverse("syndication:story", args=[other.pk]), **bearer(raw))
    assert detail.status_code == 404
    assert detail.json()["detail"] == "No such story, or not one this key may take."


@pytest.mark.parametrize("section", ["local", "no-such-section"])
def test_asking_for_a_section_outside_the_key_is_403_naming_its_sections(client, section):
    make_section(slug="local")
    _, raw = make_key(sections=[make_section(slug="world")])
    response = client.get(reverse(LIST), {"section": section}, **bearer(raw))
    assert response.status_code == 403
    assert "Its sections: world" in response.json()["detail"]


@pytest.mark.parametrize("hidden", HIDDEN, ids=HIDDEN_IDS)
def test_stories_readers_cannot_see_reach_no_ordinary_key(client, hidden):
    section = make_section()
    story = make_article(section=section, **hidden)
    _, raw = make_key(sections=[section])
    assert headlines(client.get(reverse(LIST), **bearer(raw))) == []
    detail = client.get(reverse("syndication:story", args=[story.pk]), **bearer(raw))
    assert detail.status_code == 404


@pytest.mark.parametrize("hidden", ["draft", "in-review", "unpublished"])
def test_an_embargo_key_still_never_gets_drafts_or_pulled_stories(client, hidden):
    section = make_section()
    make_article(section=section, **dict(zip(HIDDEN_IDS, HIDDEN, strict=True))[hidden])
    _, raw = make_key(sections=[section], allows_embargoed=True)
    assert headlines(client.get(reverse(LIST), **bearer(raw))) == []


def test_a_scheduled_story_reaches_an_embargo_key_early_and_others_on_time(client):
    section = make_section()
    at = timezone.now() + timedelta(hours=2)
    make_article(headline="Tomorrow's news", section=section, published_at=at)
    _, embargo_raw = make_key(sections=[section], allows_embargoed=True)
    _, plain_raw = make_key(sections=[section])
    early = client.get(reverse(LIST), **bearer(embargo_raw)).json()["items"]
    assert [item["embargoedUntil"] for item in early] == [
        timezone.localtime(at).isoformat(timespec="seconds")
    ]
    assert headlines(client.get(reverse(LIST), **bearer(plain_raw))) == []
    with time_machine.travel(at + timedelta(seconds=1)):
        on_time = client.get(reverse(LIST), **bearer(plain_raw)).json()["items"]
        assert [item["headlines"][0]["value"] for item in on_time] == ["Tomorrow's news"]
        assert "embargoedUntil" not in on_time[0]


def test_the_rate_limit_answers_429_with_retry_after(client):
    section = make_section()
    _, raw = make_key(sections=[section], requests_per_minute=3)
    _, other_raw = make_key(sections=[section], requests_per_minute=3)
    with time_machine.travel("2026-12-06 09:00:10 +0000", tick=False):
        statuses = [client.get(reverse(LIST), **bearer(raw)).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        refused = client.get(reverse(LIST), **bearer(raw))
        assert refused.status_code == 429
        assert refused["Retry-After"] == "50"
        assert "throttled" in refused.json()["detail"].lower()
        # Each key counts on its own.
        assert client.get(reverse(LIST), **bearer(other_raw)).status_code == 200
    with time_machine.travel("2026-12-06 09:01:00 +0000", tick=False):
        assert client.get(reverse(LIST), **bearer(raw)).status_code == 200


def test_with_the_cache_down_the_api_still_answers(client, monkeypatch):
    from newsroom.serving import throttle

    def down(*args, **kwargs):
        raise throttle.ThrottleUnavailable

    monkeypatch.setattr(throttle, "hit", down)
    _, raw = make_key(sections=[make_section()], requests_per_minute=1)
    assert client.get(reverse(LIST), **bearer(raw)).status_code == 200
    assert client.get(reverse(LIST), **bearer(raw)).status_code == 200


def test_answers_are_private_and_not_kept_by_the_page_cache(client):
    section = make_section()
    make_article(section=section)
    _, raw = make_key(sections=[section])
    response = client.get(reverse(LIST), **bearer(raw))
    assert "private" in response["Cache-Control"]
    Article.objects.update(headline="Changed")
    assert headlines(client.get(reverse(LIST), **bearer(raw))) == ["Changed"]


def test_wire_copy_whose_licence_forbids_it_reaches_no_partner(client):
    from articles.models import Organisation

    section = make_section()
    closed = Organisation.objects.create(name="Closed Wire", slug="closed", kind="agency")
    open_ = Organisation.objects.create(
        name="Open Wire", slug="open", kind="agency", may_resyndicate=True
    )
    make_article(headline="Ours", section=section)
    forbidden = make_article(headline="Not ours to pass on", section=section, source=closed)
    make_article(headline="Passed on", section=section, source=open_)
    _, raw = make_key(sections=[section], allows_embargoed=True)
    assert sorted(headlines(client.get(reverse(LIST), **bearer(raw)))) == ["Ours", "Passed on"]
    detail = client.get(reverse("syndication:story", args=[forbidden.pk]), **bearer(raw))
    assert detail.status_code == 404
