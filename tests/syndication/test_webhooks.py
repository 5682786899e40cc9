"""Partners' webhooks: the newsroom publishes or corrects, a signed notice reaches the
partners that may take the story (on the task engine, retried), each delivery recorded."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from articles import workflow
from articles.models import Article
from syndication import webhooks
from syndication.models import Partner, WebhookDelivery
from tests.factories import add_correction, make_article, make_section, make_user
from tests.syndication.conftest import make_key, make_partner

pytestmark = pytest.mark.django_db
Status = WebhookDelivery.Status


def publish(article, *, at=None):
    """What the admin does when an editor publishes (or schedules) a draft."""
    previous = article.status
    article.status, article.published_at = Article.Status.PUBLISHED, at or timezone.now()
    article.save()
    workflow.record_transition(article=article, from_status=previous, by=make_user("editor"))


def verify(secret, headers, body, *, tolerance=300):
    """What a partner does with a notice (README): recompute, compare, refuse stale ones."""
    parts = dict(item.split("=", 1) for item in headers["Newsroom-Signature"].split(","))
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    fresh = abs(timezone.now().timestamp() - int(parts["t"])) <= tolerance
    return fresh and hmac.compare_digest(expected, parts["v1"])


@pytest.fixture
def section():
    return make_section(slug="world")


@pytest.fixture
def partner(partner_endpoint, section):
    partner = make_partner(webhook_url=partner_endpoint.url())
    make_key(partner, sections=[section])
    return partner


def test_publishing_sends_a_signed_notice_to_partners_who_may_take_the_story(
    partner, partner_endpoint, section, run_tasks
):
    elsewhere = make_partner(name="Local only", webhook_url=partner_endpoint.url("/other"))
    make_key(elsewhere, sections=[make_section()])
    make_key(make_partner(name="No webhook"), sections=[section])
    story = make_article(section=section, status=Article.Status.DRAFT, published_at=None)
    publish(story)
    run_tasks(quiet=True)
    [(path, headers, body)] = partner_endpoint.received
    assert path == "/hook" and headers["Newsroom-Event"] == "published"
    assert verify(partner.webhook_secret, headers, body)
    assert not verify("whsec_someone-else", headers, body)
    notice = json.loads(body)
    assert notice["event"] == "published"
    assert notice["story"]["id"] == story.pk and notice["story"]["embargoed_until"] is None
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        Status.DELIVERED, 1, 204,
    )  # fmt: skip


def test_a_correction_sends_a_corrected_notice(partner, partner_endpoint, section, run_tasks):
    story = make_article(section=section)
    add_correction(story)
    run_tasks(quiet=True)
    [(_, headers, body)] = partner_endpoint.received
    assert json.loads(body)["event"] == headers["Newsroom-Event"] == "corrected"


def test_a_scheduled_story_is_told_at_once_with_embargo_or_at_its_time_without(
    partner, partner_endpoint, section, run_tasks
):
    early = make_partner(name="Embargo taker", webhook_url=partner_endpoint.url("/early"))
    make_key(early, sections=[section], allows_embargoed=True)
    at = timezone.now() + timedelta(hours=2)
    publish(make_article(section=section, status=Article.Status.DRAFT), at=at)
    run_tasks(quiet=True)
    [(path, _, body)] = partner_endpoint.received
    assert path == "/early"
    assert json.loads(body)["story"]["embargoed_until"] is not None
    with time_machine.travel(at + timedelta(seconds=5)):
        run_tasks(quiet=True)
    assert [p for p, _, _ in partner_endpoint.received] == ["/early", "/hook"]


def test_a_story_pulled_before_its_notice_goes_is_not_told(
    partner, partner_endpoint, section, run_tasks
):
    at = timezone.now() + timedelta(hours=2)
    story = make_article(section=section, status=Article.Status.DRAFT)
    publish(story, at=at)
    Article.objects.filter(pk=story.pk).update(status=Article.Status.UNPUBLISHED)
    with time_machine.travel(at + timedelta(seconds=5)):
        run_tasks(quiet=True)
    assert partner_endpoint.received == []
    assert WebhookDelivery.objects.get().status == Status.SKIPPED


def test_a_failing_endpoint_is_tried_again_with_each_attempt_recorded(
    partner, partner_endpoint, section, run_tasks
):
    partner_endpoint.answers["/hook"] = (500, {})
    add_correction(make_article(section=section))
    run_tasks(quiet=True)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.PENDING, 1)
    assert "answered 500" in delivery.last_error
    del partner_endpoint.answers["/hook"]
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        run_tasks(quiet=True)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (Status.DELIVERED, 2, "")
    assert len(partner_endpoint.received) == 2


def test_an_internal_address_is_refused_again_when_sending(section, run_tasks, settings):
    # Saved as public, its name now resolving inside (DNS rebinding), or written past the form.
    partner = make_partner()
    Partner.objects.filter(pk=partner.pk).update(webhook_url="http://127.0.0.1:9/hook")
    make_key(partner, sections=[section])
    add_correction(make_article(section=section))
    run_tasks(quiet=True)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.FAILED, 1)
    assert "internal address" in delivery.last_error


def test_a_rolled_back_publication_tells_no_one(partner, section):
    story = make_article(section=section, status=Article.Status.DRAFT)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(story)
        raise RuntimeError
    assert not WebhookDelivery.objects.exists()


def test_with_no_webhooks_a_publication_pays_one_query(section, django_assert_num_queries):
    story = make_article(section=section)
    with django_assert_num_queries(1):
        assert webhooks.notify(article_id=story.pk, event="published") == []


def test_wire_copy_partners_may_not_take_is_announced_to_no_one(
    partner, partner_endpoint, section, run_tasks
):
    from articles.models import Organisation

    closed = Organisation.objects.create(name="Closed Wire", slug="closed", kind="agency")
    publish(make_article(section=section, status=Article.Status.DRAFT, source=closed))
    run_tasks(quiet=True)
    assert partner_endpoint.received == []
    assert not WebhookDelivery.objects.exists()


def test_an_archive_publication_is_not_announced(partner, partner_endpoint, section, run_tasks):
    """import_wordpress logs a step to "published" for each old post: a publication dated
    years back is not news to announce (a fresh one, beside it, is)."""
    old = make_article(section=section, status=Article.Status.DRAFT)
    publish(old, at=timezone.now() - timedelta(days=2 * 365))
    assert not WebhookDelivery.objects.exists()
    fresh = make_article(section=section, status=Article.Status.DRAFT)
    publish(fresh, at=timezone.now() - timedelta(hours=2))
    run_tasks(quiet=True)
    assert [d.article_id for d in WebhookDelivery.objects.all()] == [fresh.pk]
