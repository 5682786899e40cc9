"""The pledge page: showing the form, taking a pledge once, and refusing what it should."""

import re
import time
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from donations.models import Frequency, Pledge
from newsroom.serving import throttle
from tests.factories import make_article, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_minimum_time(settings):
    """Tests fill the form in faster than a person; the timing check has its own tests."""
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0


def page_url(campaign, **query):
    url = reverse("donations:pledge", kwargs={"slug": campaign.slug})
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def filled_in(client, campaign, **overrides):
    """The form as a reader sends it: the page's own token, then the fields."""
    token = client.get(page_url(campaign)).context["form"].next_token
    data = {
        "frequency": "monthly",
        "amount": "18",
        "donor_name": "Jane Reader",
        "email": "jane@example.org",
        "message": "Keep going.",
        "token": token,
        "website": "",
        "article": "",
    }
    data.update(overrides)
    return data


# Showing the form -------------------------------------------------------------------------


def test_page_shows_the_appeal_and_a_form_filled_from_the_link(client):
    campaign = make_campaign(
        appeal_headline="Keep the lights on", appeal_body="<p>We answer to readers.</p>"
    )
    response = client.get(page_url(campaign, amount="36", frequency="annual"))

    assert response.status_code == 200
    assert "donations/pledge_form.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Keep the lights on" in html
    assert "<p>We answer to readers.</p>" in html
    assert 'name="amount" value="36"' in html
    assert re.search(r'value="annual"[^>]* checked>', html)
    assert 'action="{}"'.format(reverse("donations:pledge", args=[campaign.slug])) in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


def test_amount_hint_gives_the_limits_and_the_suggestions(client):
    campaign = make_campaign(monthly_amounts="10, 18, 36")
    html = client.get(page_url(campaign)).content.decode()
    hint = "Any amount from $1 to $25,000. Readers often give $10, $18 or $36 a month."
    assert f'<p class="field__hint" id="id_amount_helptext">{hint}</p>' in html
    assert 'aria-describedby="id_amount_helptext"' in html


def test_frequency_defaults_to_the_campaigns_and_junk_in_the_link_is_ignored(client):
    campaign = make_campaign(default_frequency=Frequency.ONE_TIME)
    response = client.get(page_url(campaign, amount="ten", frequency="weekly", article="x"))

    form = response.context["form"]
    assert form.initial["frequency"] == Frequency.ONE_TIME
    assert "amount" not in form.initial
    assert "article" not in form.initial
    assert re.search(r'value="one_time"[^>]* checked>', response.content.decode())


def test_honeypot_is_hidden_from_people(client):
    html = client.get(page_url(make_campaign())).content.decode()
    trap = html.split('class="pledge-form__trap"')[1].split("</div>")[0]
    assert 'aria-hidden="true"' in trap
    assert 'name="website"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_donate_takes_pledges_for_the_general_campaign(client):
    make_campaign(slug="climate", sections=[], priority=5, targets_all=False)
    general = make_campaign(slug="general", appeal_headline="The general appeal")
    response = client.get(reverse("donations:donate"))
    assert response.status_code == 200
    assert response.context["campaign"] == general
    assert "no-store" in response["Cache-Control"]


def test_donate_without_a_campaign_is_a_friendly_404(client):
    response = client.get(reverse("donations:donate"))
    assert response.status_code == 404
    assert "We are not taking pledges online just now" in response.content.decode()


@pytest.mark.parametrize(
    "dead",
    [
        {"is_active": False},
        {"starts_at": timezone.now() + timedelta(days=1)},
        {
            "starts_at": timezone.now() - timedelta(days=9),
            "ends_at": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["switched-off", "not-started", "ended"],
)
def test_campaign_that_is_not_live_sends_readers_to_the_general_one(client, dead):
    old = make_campaign(**dead)
    article = make_article()
    assert client.get(page_url(old)).status_code == 404

    make_campaign()
    response = client.get(page_url(old, article=article.pk))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('donations:donate')}?article={article.pk}"


def test_unknown_campaign_is_404(client):
    make_campaign()
    assert client.get(reverse("donations:pledge", args=["no-such-campaign"])).status_code == 404


# Taking a pledge --------------------------------------------------------------------------


def test_valid_pledge_is_recorded_once_and_the_receipt_sent_after_commit(
    client, django_capture_on_commit_callbacks, mailoutbox, run_tasks
):
    campaign = make_campaign()
    article = make_article()
    data = filled_in(client, campaign, amount="36.50", frequency="annual", article=article.pk)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(page_url(campaign), data)

    pledge = Pledge.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("donations:thanks", args=[pledge.reference])
    assert (pledge.campaign, pledge.article) == (campaign, article)
    assert (pledge.amount, pledge.frequency) == (Decimal("36.50"), Frequency.ANNUAL)
    assert (pledge.donor_name, pledge.email, pledge.message) == (
        "Jane Reader",
        "jane@example.org",
        "Keep going.",
    )
    assert pledge.is_public is False
    assert pledge.submission_key
    assert callbacks
    assert mailoutbox == []  # queued with the pledge, sent by a worker
    run_tasks()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["jane@example.org"]
    assert [kind for _, kind in mailoutbox[0].alternatives] == ["text/html"]


def test_no_personal_data_in_the_redirect(client):
    campaign = make_campaign()
    response = client.post(page_url(campaign), filled_in(client, campaign))
    location = response["Location"]
    assert "jane" not in location.lower()
    assert "example.org" not in location


def test_listing_consent_is_kept_when_given(client):
    campaign = make_campaign()
    client.post(page_url(campaign), filled_in(client, campaign, is_public="on"))
    assert Pledge.objects.get().is_public is True


def test_same_form_sent_twice_records_one_pledge(client):
    campaign = make_campaign()
    data = filled_in(client, campaign)

    first = client.post(page_url(campaign), data)
    second = client.post(page_url(campaign), data)

    assert Pledge.objects.count() == 1
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]


def test_each_page_view_gets_its_own_key(client):
    campaign = make_campaign()
    client.post(page_url(campaign), filled_in(client, campaign))
    client.post(page_url(campaign), filled_in(client, campaign))
    assert Pledge.objects.count() == 2


@pytest.mark.parametrize("article_state", ["draft", "scheduled", "unknown", "junk"])
def test_attribution_to_a_story_readers_cannot_see_is_dropped(client, article_state):
    campaign = make_campaign()
    value = {
        "draft": lambda: make_article(status=Article.Status.DRAFT, published_at=None).pk,
        "scheduled": lambda: make_article(published_at=timezone.now() + timedelta(days=1)).pk,
        "unknown": lambda: 987654,
        "junk": lambda: "1 OR 1=1",
    }[article_state]()
    response = client.post(page_url(campaign), filled_in(client, campaign, article=value))
    assert response.status_code == 303
    assert Pledge.objects.get().article is None


# Refusing bad input -----------------------------------------------------------------------


def assert_refused(response, field, code, message):
    assert response.status_code == 200
    assert Pledge.objects.count() == 0
    form = response.context["form"]
    assert form.has_error(field, code), form.errors.as_data()
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    if field != "__all__":
        assert f'href="#id_{field}' in html.split('class="error-summary"')[1]
        assert f'id="id_{field}_error"' in html


BAD_INPUT = [
    ("amount", "-5", "not_positive", "The amount must be more than zero."),
    ("amount", "0", "not_positive", "The amount must be more than zero."),
    ("amount", "0.50", "too_small", "The smallest pledge we can take is $1."),
    ("amount", "25000.01", "too_large", "The most this form takes is $25,000."),
    ("amount", "1000000", "too_large", "The most this form takes is $25,000."),
    ("amount", "18.555", "max_decimal_places", "Use at most two decimal places"),
    ("amount", "ten", "invalid", "Enter the amount in figures"),
    ("amount", "1e3", "invalid", "Enter the amount in figures"),
    ("amount", "NaN", "invalid", "Enter the amount in figures"),
    ("amount", "", "required", "Enter how much you would like to give."),
    ("frequency", "", "required", "Choose how often you would like to give."),
    ("frequency", "weekly", "invalid_choice", "Choose how often you would like to give."),
    ("donor_name", "", "required", "Enter your name."),
    ("donor_name", "x" * 121, "max_length", "120 characters or fewer"),
    ("donor_name", "Jane\x07Reader", "invalid_characters", "without &lt; or &gt; signs"),
    ("donor_name", "Jane \u202eredaeR", "invalid_characters", "without &lt; or &gt; signs"),
    ("email", "", "required", "Enter your e-mail address"),
    ("email", "jane.example.org", "invalid", "Enter an e-mail address like"),
    ("email", "j" * 250 + "@example.org", "max_length", "254 characters or fewer"),
    ("message", "x" * 1001, "max_length", "1,000 characters or fewer"),
]


@pytest.mark.parametrize(("field", "value", "code", "message"), BAD_INPUT)
def test_bad_input_is_refused_beside_its_field_and_the_form_kept(
    client, field, value, code, message
):
    campaign = make_campaign()
    data = filled_in(client, campaign, **{field: value})

    response = client.post(page_url(campaign), data)

    assert_refused(response, field, code, message)
    html = response.content.decode()
    for other in {"donor_name", "email", "message"} - {field}:
        assert f"{data[other]}<" in html or f'value="{data[other]}"' in html, other
    assert f'name="token" value="{data["token"]}"' in html
    assert 'aria-invalid="true"' in html


def test_missing_fields_are_each_reported(client):
    campaign = make_campaign()
    token = filled_in(client, campaign)["token"]
    response = client.post(page_url(campaign), {"token": token})
    assert Pledge.objects.count() == 0
    form = response.context["form"]
    for field in ["amount", "frequency", "donor_name", "email"]:
        assert form.has_error(field, "required"), field


def test_script_in_the_name_is_refused_and_shown_inert(client):
    campaign = make_campaign()
    data = filled_in(client, campaign, donor_name="<script>alert(1)</script>")

    response = client.post(page_url(campaign), data)

    assert_refused(response, "donor_name", "invalid_characters", "without &lt; or &gt; signs")
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_amount_with_symbol_and_thousands_is_understood(client):
    campaign = make_campaign()
    client.post(page_url(campaign), filled_in(client, campaign, amount="$1,250.5"))
    assert Pledge.objects.get().amount == Decimal("1250.50")


def test_limits_come_from_settings(client, settings):
    settings.NEWSROOM_PLEDGE_MIN = Decimal("5")
    campaign = make_campaign()
    response = client.post(page_url(campaign), filled_in(client, campaign, amount="4.99"))
    assert_refused(response, "amount", "too_small", "The smallest pledge we can take is $5.")


def test_honeypot_filled_is_refused_with_a_generic_message(client):
    campaign = make_campaign()
    data = filled_in(client, campaign, website="http://spam.example")
    response = client.post(page_url(campaign), data)
    assert_refused(response, "__all__", "honeypot", "We could not take this pledge.")
    assert "website" not in response.content.decode().split('class="error-summary"')[1][:400]


# The timed token ----------------------------------------------------------------------------


def sent_at(client, campaign, seconds_later, **overrides):
    """POST the form `seconds_later` after the page was opened."""
    with mock.patch("django.core.signing.time") as clock:
        clock.time.return_value = opened = time.time()
        data = filled_in(client, campaign, **overrides)
        clock.time.return_value = opened + seconds_later
        return data, client.post(page_url(campaign), data)


def test_form_sent_too_fast_is_refused_with_a_fresh_token(client, settings):
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 3
    campaign = make_campaign()

    data, response = sent_at(client, campaign, 1)

    assert_refused(response, "__all__", "too_fast", "That was quicker than we expected")
    fresh = response.context["form"].next_token
    assert fresh != data["token"]
    assert f'name="token" value="{fresh}"' in response.content.decode()
    assert "Jane Reader" in response.content.decode()


def test_form_sent_at_a_human_pace_is_taken(client, settings):
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 3
    campaign = make_campaign()
    _, response = sent_at(client, campaign, 4)
    assert response.status_code == 303
    assert Pledge.objects.count() == 1


def test_form_open_for_hours_is_refused(client):
    campaign = make_campaign()
    _, response = sent_at(client, campaign, 2 * 60 * 60 + 5)
    assert_refused(response, "__all__", "expired", "This form was open for a long time.")


@pytest.mark.parametrize("token", ["", "abc", "bm9uY2U:1tXyZ:forged-signature"])
def test_missing_or_forged_token_is_refused(client, token):
    campaign = make_campaign()
    response = client.post(page_url(campaign), filled_in(client, campaign, token=token))
    assert_refused(response, "__all__", "tampered", "Please check the form and send it again.")


def test_token_cannot_be_edited_to_another_key(client):
    campaign = make_campaign()
    data = filled_in(client, campaign)
    nonce, rest = data["token"].split(":", 1)
    data["token"] = f"{nonce}x:{rest}"
    assert_refused(client.post(page_url(campaign), data), "__all__", "tampered", "send it again")


# Rate limits and a cache that is down -------------------------------------------------------


def test_too_many_pledges_from_one_address_are_refused(client, settings):
    settings.NEWSROOM_PLEDGES_PER_ADDRESS = 2
    campaign = make_campaign()
    for email in ("a@example.org", "b@example.org"):
        response = client.post(page_url(campaign), filled_in(client, campaign, email=email))
        assert response.status_code == 303

    response = client.post(page_url(campaign), filled_in(client, campaign))

    assert response.status_code == 429
    assert "Too many pledges from here in a short time" in response.content.decode()
    assert response["Retry-After"] == "3600"
    assert Pledge.objects.count() == 2
    other = client.post(page_url(campaign), filled_in(client, campaign), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 303


def test_a_reader_who_corrects_the_form_many_times_still_pledges(client, settings):
    settings.NEWSROOM_PLEDGES_PER_ADDRESS = 2
    campaign = make_campaign()
    mistakes = [
        {"amount": "ten"},
        {"amount": "0"},
        {"amount": "18.555"},
        {"email": "jane@"},
        {"donor_name": ""},
        {"amount": "999999"},
    ]
    for mistake in mistakes:
        response = client.post(page_url(campaign), filled_in(client, campaign, **mistake))
        assert response.status_code == 200  # the form again, with the mistake marked

    response = client.post(page_url(campaign), filled_in(client, campaign))

    assert response.status_code == 303
    assert Pledge.objects.count() == 1


def test_bot_failures_count_against_the_address(client, settings):
    settings.NEWSROOM_PLEDGES_PER_ADDRESS = 2
    campaign = make_campaign()
    client.post(page_url(campaign), filled_in(client, campaign, website="http://spam.example"))
    client.post(page_url(campaign), filled_in(client, campaign, token="forged:token"))

    response = client.post(page_url(campaign), filled_in(client, campaign))

    assert response.status_code == 429
    assert Pledge.objects.count() == 0


def test_the_proxy_header_is_believed_only_from_a_trusted_proxy(client, settings):
    settings.NEWSROOM_PLEDGES_PER_ADDRESS = 1
    settings.NEWSROOM_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"  # the default trusts loopback only
    campaign = make_campaign()

    def pledge_from(remote, claimed, email):
        data = filled_in(client, campaign, email=email)
        return client.post(page_url(campaign), data, REMOTE_ADDR=remote, HTTP_X_REAL_IP=claimed)

    # Behind nginx on loopback: each reader is counted under the address nginx saw.
    assert pledge_from("127.0.0.1", "192.0.2.1", "a@example.org").status_code == 303
    assert pledge_from("127.0.0.1", "192.0.2.2", "b@example.org").status_code == 303
    assert pledge_from("127.0.0.1", "192.0.2.1", "c@example.org").status_code == 429
    # Straight at gunicorn: a new claimed address each time changes nothing.
    assert pledge_from("203.0.113.50", "192.0.2.3", "d@example.org").status_code == 303
    assert pledge_from("203.0.113.50", "192.0.2.4", "e@example.org").status_code == 429


def test_too_many_pledges_for_one_email_are_refused(client, settings):
    settings.NEWSROOM_PLEDGES_PER_EMAIL = 1
    campaign = make_campaign()
    assert client.post(page_url(campaign), filled_in(client, campaign)).status_code == 303

    response = client.post(
        page_url(campaign), filled_in(client, campaign, email=" Jane@EXAMPLE.org ")
    )

    assert response.status_code == 429
    assert "Too many pledges from here" in response.content.decode()
    assert Pledge.objects.count() == 1
    other = client.post(page_url(campaign), filled_in(client, campaign, email="ann@example.org"))
    assert other.status_code == 303


def test_email_is_counted_under_a_hash_never_the_address(client, settings):
    from django.core.cache import cache

    campaign = make_campaign()
    client.post(page_url(campaign), filled_in(client, campaign))
    keys = " ".join(str(key) for key in cache._cache)  # locmem's own store
    assert "pledge:email:" in keys
    assert "jane" not in keys.lower()


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache is down")

        return fail


def test_cache_down_refuses_pledges_for_a_moment(client):
    campaign = make_campaign()
    data = filled_in(client, campaign)
    with mock.patch.object(throttle, "cache", BrokenCache()):
        response = client.post(page_url(campaign), data)
    assert response.status_code == 503
    assert "We can't take pledges for a moment" in response.content.decode()
    assert Pledge.objects.count() == 0


# Queries ---------------------------------------------------------------------------------


def test_pledge_page_queries_are_few(client, django_assert_max_num_queries):
    campaign = make_campaign()
    article = make_article()
    url = page_url(campaign, article=article.pk, amount="18")
    # Campaign, story, the click (the day's first adds a savepoint and an insert), sections.
    with django_assert_max_num_queries(7):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
    data = filled_in(client, campaign, article=article.pk)
    # Campaign, story, the pledge (savepoints, a look for the same form, the insert), a new
    # donor's row (an update finding none, then a savepoint and an insert), the totals, the
    # receipt's task.
    with django_assert_max_num_queries(14):
        assert client.post(page_url(campaign), data).status_code == 303
