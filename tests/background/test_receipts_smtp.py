"""Receipts through a real SMTP server (aiosmtpd on a loopback port, started here): a mail
server that is down delays receipts and loses none, and none is sent twice."""

import socket
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from background.models import BackgroundTask
from donations.models import Frequency, Pledge
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd's handler: keeps every message the server accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def recipients(self):
        return sorted(address for m in self.messages for address in m.rcpt_tos)


class MailServer:
    """An SMTP server on a port of its own, stopped and started as the test says."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mail_server(settings):
    server = MailServer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


def pledge_through_the_form(client, campaign, email):
    url = reverse("donations:pledge", args=[campaign.slug])
    token = client.get(url).context["form"].next_token
    data = {
        "frequency": Frequency.MONTHLY,
        "amount": "18",
        "donor_name": "A Reader",
        "email": email,
        "token": token,
    }
    return client.post(url, data)


def test_receipts_wait_out_a_mail_server_outage_and_arrive_once(
    client, settings, mail_server, run_tasks
):
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0
    campaign = make_campaign()
    start = timezone.now()
    readers = ["ana@example.org", "ben@example.org", "cy@example.org"]

    with time_machine.travel(start, tick=False):  # the mail server is down
        for email in readers:
            response = pledge_through_the_form(client, campaign, email)
            assert response.status_code == 303  # the reader is thanked all the same
        assert run_tasks() == 3
        waiting = BackgroundTask.objects.retrying(start)
        assert waiting.count() == 3
        assert {t.exception_class_path for t in waiting} == {"builtins.ConnectionRefusedError"}

    mail_server.start()  # back after five minutes
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        assert run_tasks() == 3
    assert mail_server.inbox.recipients() == readers
    assert Pledge.objects.filter(receipt_sent_at__isnull=True).count() == 0

    with time_machine.travel(start + timedelta(hours=1), tick=False):
        assert run_tasks() == 0  # nothing left: no second receipt
    assert len(mail_server.inbox.messages) == 3
    assert set(BackgroundTask.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_receipt_goes_out_at_once_when_the_server_is_up(
    client, settings, mail_server, run_tasks
):
    settings.NEWSROOM_PLEDGE_MIN_SECONDS = 0
    mail_server.start()
    pledge_through_the_form(client, make_campaign(), "dee@example.org")
    assert mail_server.inbox.messages == []  # not while the reader waits
    run_tasks()
    (message,) = mail_server.inbox.messages
    assert message.rcpt_tos == ["dee@example.org"]
    assert b"Thank you for your gift" in message.content
