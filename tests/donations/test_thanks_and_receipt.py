"""After the pledge: the thank-you page and the receipt e-mail."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from articles.models import Article
from background.models import BackgroundTask
from background.operations import run_again
from donations import emails
from donations.models import Frequency, Pledge
from tests.factories import make_article, make_campaign, make_pledge

pytestmark = pytest.mark.django_db


def thanks_url(pledge):
    return reverse("donations:thanks", kwargs={"reference": pledge.reference})


# The thank-you page ----------------------------------------------------------------------


def test_thanks_page_confirms_the_pledge_with_a_masked_address(client):
    campaign = make_campaign(appeal_headline="Keep the lights on")
    article = make_article(headline="General lands at desert air base")
    pledge = make_pledge(
        campaign, amount=Decimal("18"), email="jane.reader@example.org", article=article
    )

    response = client.get(thanks_url(pledge))

    assert response.status_code == 200
    assert "donations/pledge_thanks.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "$18/month" in html
    assert "Keep the lights on" in html
    assert pledge.reference in html
    assert "A receipt is on its way to j•••@example.org." in html
    assert "jane.reader" not in html
    assert pledge.donor_name not in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert "General lands at desert air base" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]


def test_thanks_page_for_an_unknown_reference_is_404(client):
    make_pledge()
    response = client.get(reverse("donations:thanks", kwargs={"reference": "nope"}))
    assert response.status_code == 404


def test_no_link_back_to_a_story_readers_cannot_see(client):
    article = make_article(headline="Pulled story")
    pledge = make_pledge(article=article)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.UNPUBLISHED)
    html = client.get(thanks_url(pledge)).content.decode()
    assert "Pulled story" not in html
    assert f'href="{reverse("articles:home")}"' in html


def test_erased_donor_gets_no_receipt_line(client):
    pledge = make_pledge(email="", donor_name="")
    html = client.get(thanks_url(pledge)).content.decode()
    assert "A receipt is on its way" not in html
    assert "$18/month" in html


def test_thanks_page_queries(client, django_assert_max_num_queries):
    pledge = make_pledge(article=make_article())
    # The pledge with its campaign and story, and the masthead's sections.
    with django_assert_max_num_queries(2):
        assert client.get(thanks_url(pledge)).status_code == 200


# The receipt -----------------------------------------------------------------------------


def html_part(message):
    return {kind: body for body, kind in message.alternatives}["text/html"]


@pytest.fixture
def posted(client, settings, django_capture_on_commit_callbacks, mailoutbox, run_tasks):
    """A one-time pledge of $36.50 sent through the form, its background tasks run."""
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0
    settings.SITE_NAME = "The Daily Example"
    campaign = make_campaign(appeal_headline="Keep the lights on")
    url = reverse("donations:pledge", args=[campaign.slug])
    token = client.get(url).context["form"].next_token
    data = {
        "frequency": Frequency.ONE_TIME,
        "amount": "36.50",
        "donor_name": "Jane Reader",
        "email": "jane@example.org",
        "token": token,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 303
    run_tasks()
    return Pledge.objects.get()


def test_receipt_is_sent_in_text_and_html(posted, mailoutbox):
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["jane@example.org"]
    assert "The Daily Example" in message.subject
    html = html_part(message)
    date = dateformat.format(timezone.localtime(posted.created_at), "j F Y")
    for part in [message.body, html]:
        for text in [
            "$36.50",
            "One-time",
            "Keep the lights on",
            posted.reference,
            date,
            "The Daily Example",
            "This is a pledge, not a payment",
            "Dear Jane Reader",
        ]:
            assert text in part, text
        assert reverse("donations:thanks", args=[posted.reference]) in part


def test_receipt_html_is_plain_with_no_remote_images(posted, mailoutbox):
    html = html_part(mailoutbox[0])
    assert "<img" not in html
    assert "<script" not in html
    assert not re.search(r"url\(|<link", html)


def test_receipt_is_queued_with_the_pledge_and_sent_once_by_a_worker(
    client, settings, mailoutbox, run_tasks
):
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0
    campaign = make_campaign()
    url = reverse("donations:pledge", args=[campaign.slug])
    token = client.get(url).context["form"].next_token
    data = {
        "frequency": "monthly",
        "amount": "18",
        "donor_name": "Jane",
        "email": "jane@example.org",
        "token": token,
    }
    assert client.post(url, data).status_code == 303
    assert mailoutbox == []  # the reader never waits for the mail server
    pledge = Pledge.objects.get()
    queued = BackgroundTask.objects.queued().get()
    assert queued.task_path == "donations.tasks.send_receipt"
    assert queued.args_kwargs["args"] == [pledge.pk]
    assert run_tasks() == 1
    assert len(mailoutbox) == 1
    run_again(BackgroundTask.objects.get())  # as an operator's button would
    assert run_tasks() == 1
    assert len(mailoutbox) == 1  # a second run sends no second receipt
    assert BackgroundTask.objects.get().note == "The receipt had already been sent."


def test_recurring_receipt_says_when_payments_come(mailoutbox):
    pledge = make_pledge(frequency=Frequency.ANNUAL, amount=Decimal("180"))
    emails.send_receipt(pledge)
    assert "$180/year" in mailoutbox[0].body
    assert "how to pay, each year." in mailoutbox[0].body


def test_receipt_text_is_not_html_escaped(mailoutbox):
    campaign = make_campaign(appeal_headline="Reporting that's yours & ours")
    pledge = make_pledge(campaign, donor_name="Seán O'Brien")
    emails.send_receipt(pledge)
    body = mailoutbox[0].body
    assert "Dear Seán O'Brien," in body
    assert "Reporting that's yours & ours" in body
    html = html_part(mailoutbox[0])
    assert "yours &amp; ours" in html
