"""localstripe (a stateful stand-in for Stripe's API and Stripe.js) on a loopback port, for
the payment tests: `python -m tests.stand_ins.localstripe_server PORT`.

Two things differ from `localstripe --port PORT`:
- it keeps its state in memory only (localstripe pickles everything to one file in /tmp
  after each write, which two runs would share, and which costs a write per request);
- a subscription update takes the two parameters of Stripe's API that localstripe 1.15
  lacks and our self-service page sends: `proration_behavior` (a changed amount applies
  from the next charge, without a proration) and `pause_collection` (a paused gift);
- the balance transactions' list takes the `created` filter (`gte`, `lt`) that
  `reconcile_payments` sends.
All behave as Stripe documents them; everything else is localstripe's own.
"""

import sys

from aiohttp import web
from localstripe import resources, server


def _keep_in_memory(self):
    pass


_original_update = resources.Subscription._update


def _update(self, proration_behavior=None, pause_collection=None, **changes):
    if pause_collection is not None:
        # "" (an empty value) resumes collection, as in Stripe's API.
        self.pause_collection = pause_collection or None
    if proration_behavior == "none" and "items" in changes:
        # localstripe credits the previous invoice as "unused time" on any change of
        # quantity; with proration_behavior=none Stripe creates no such item.
        return _update_without_proration(self, changes)
    return _original_update(self, **changes)


def _update_without_proration(self, changes):
    before = {id(item) for item in resources.InvoiceItem._api_list_all(None, limit=99)._list}
    result = _original_update(self, **changes)
    for item in resources.InvoiceItem._api_list_all(None, limit=99)._list:
        if id(item) not in before and getattr(item, "proration", False):
            resources.InvoiceItem._api_delete(item.id)
    return result


_listed = resources.BalanceTransaction._api_list_all.__func__


def _balance_transactions(cls, url, limit=None, starting_after=None, created=None, **kwargs):
    found = _listed(cls, url, limit=limit, starting_after=starting_after, **kwargs)
    if created:
        low, high = int(created.get("gte", 0)), int(created.get("lt", 2**62))
        found._list = [item for item in found._list if low <= item.created < high]
    return found


def main():
    port = int(sys.argv[1])
    resources.Store.dump_to_disk = _keep_in_memory
    resources.Subscription._update = _update
    resources.Subscription.pause_collection = None
    resources.BalanceTransaction._api_list_all = classmethod(_balance_transactions)
    web.run_app(server.app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
