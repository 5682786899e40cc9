"""Card payments: the pledge-to-payment pages and the webhook, against localstripe.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_paybench \\
        .venv/bin/python bench/payments.py [--gifts 30] [--events 500]

Against a scratch database (migrated here). localstripe (tests/stand_ins) is started on a
loopback port; the SDK talks to it over HTTP as it would to Stripe, so Stripe's own time is
localstripe's here, not the real API's (Stripe answers in 200-600 ms; add that). Prints,
through Django's test client in process:

- the card step's GET (customer and setup made at Stripe) and POST (card charged, payment
  recorded): median and 90th percentile ms and the queries, one-time and monthly;
- the webhook: signed events answered per second (checked, kept, queued), then applied to
  the ledger per second (the task's work, run in this process).

Never run by the tests. Writes pledges and payments: a scratch database only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gifts", type=int, default=30)
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()

    from tests.donations.conftest import free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.stand_ins.localstripe_server", str(port)], cwd=ROOT
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/js.stripe.com/v3/", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    os.environ.update(
        STRIPE_SECRET_KEY="sk_test_bench",
        STRIPE_PUBLISHABLE_KEY="pk_test_bench",
        STRIPE_WEBHOOK_SECRET="whsec_bench",
        STRIPE_API_BASE=base,
        NEWSROOM_PLEDGE_MIN_SECONDS="0",
        NEWSROOM_PLEDGES_PER_ADDRESS="1000000",
        NEWSROOM_PLEDGES_PER_EMAIL="1000000",
        NEWSROOM_CARD_TRIES_PER_ADDRESS="1000000",
        NEWSROOM_CARD_TRIES_PER_EMAIL="1000000",
        NEWSROOM_CARD_TRIES_PER_CARD="1000000",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's response.context

    call_command("migrate", verbosity=0)
    try:
        run(args, base)
    finally:
        server.terminate()


def timed(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - started) * 1000
    return result, elapsed, len(queries)


def summary(label, samples):
    ms = sorted(s[0] for s in samples)
    queries = sorted({s[1] for s in samples})
    p90 = ms[int(len(ms) * 0.9) - 1] if len(ms) > 1 else ms[0]
    print(
        f"{label:<34} median {statistics.median(ms):7.1f} ms  p90 {p90:7.1f} ms  queries {queries}"
    )


def run(args, base):
    import stripe
    from django.test import Client
    from django.urls import reverse

    from donations import stripe_events
    from donations.models import Pledge, StripeEvent
    from tests.donations.conftest import card_entered
    from tests.factories import make_campaign

    campaign = make_campaign()
    client = Client()
    for frequency in ("one_time", "monthly"):
        shown, paid = [], []
        for n in range(args.gifts):
            token = (
                client.get(reverse("donations:pledge", args=[campaign.slug]))
                .context["form"]
                .next_token
            )
            response = client.post(
                reverse("donations:pledge", args=[campaign.slug]),
                {
                    "frequency": frequency,
                    "amount": "18",
                    "donor_name": "Bench Donor",
                    "email": f"bench{n}-{frequency}@example.org",
                    "token": token,
                },
            )
            url = response["Location"]
            page, ms, count = timed(lambda url=url: client.get(url))
            shown.append((ms, count))
            answer = card_entered(base, page.context["setup_secret"])
            data = {"setup_intent": answer["id"], "confirm_recurring": "1"}
            done, ms, count = timed(lambda url=url, data=data: client.post(url, data))
            assert done.status_code == 303, done.status_code
            paid.append((ms, count))
        summary(f"card step GET ({frequency})", shown)
        summary(f"card step POST ({frequency})", paid)

    pledge = Pledge.objects.filter(frequency="monthly").first()
    bodies = []
    for n in range(args.events):
        invoice = {
            "id": f"in_bench_{n}",
            "subscription": pledge.stripe_subscription_id,
            "amount_paid": 1800,
            "total": 1800,
            "currency": "usd",
            "status": "paid",
        }
        body = json.dumps(
            {
                "id": f"evt_bench_{n}",
                "type": "invoice.paid",
                "created": int(time.time()),
                "object": "event",
                "data": {"object": invoice},
            }
        )
        bodies.append(body)
    url = reverse("donations:stripe-webhook")
    started = time.perf_counter()
    for body in bodies:
        header = stripe.WebhookSignature.generate_signature_header(body, "whsec_bench")
        client.post(url, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    answered = time.perf_counter() - started
    started = time.perf_counter()
    for event_id in StripeEvent.objects.filter(processed_at__isnull=True).values_list(
        "pk", flat=True
    ):
        stripe_events.process(event_id)
    applied = time.perf_counter() - started
    print(f"webhook answered: {args.events / answered:7.0f} events/s")
    print(f"events applied to the ledger: {args.events / applied:7.0f} events/s")
    print(f"instalments recorded: {pledge.payments.count()}")


if __name__ == "__main__":
    main()
