"""The purge hook: tells an edge cache (a CDN, or Varnish with xkey) which tags to forget.

Every reader response names its tags in `Surrogate-Key` (Fastly, Varnish xkey; space
separated) and `Cache-Tag` (Cloudflare, Akamai; comma separated). When a change commits,
invalidation.py calls `purge_later(tags)`: with `NEWSROOM_PURGE_URL` set, a task on the task
engine sends them, in the shape `NEWSROOM_PURGE_FORMAT` names, and a failure is tried
again (background/engine.py). Without it, nothing is sent and edge caches keep a page for
the `s-maxage` it was sent with (NEWSROOM_PAGE_SHARED_MAX_AGE), as nginx does.

The address is the operator's own setting, not a reader's, so it may be internal (Varnish
beside the app); it is never built from anything a reader sends.
"""

import json
import urllib.request

from django.conf import settings

from background.engine import Retry, task

# The tag of every page: forget_pages() purges it (Fastly's and Cloudflare's "purge all"
# need other rights; a key on every page does the same).
SITE_KEY = "newsroom"
# The most tags one request carries, per format (the providers' documented limits).
BATCH = {"xkey": 100, "fastly": 256, "cloudflare": 30}
TIMEOUT_SECONDS = 10
PURGE_RETRY = Retry(max_attempts=6, first_delay=5, factor=3, longest=15 * 60)


def enabled():
    return bool(settings.NEWSROOM_PURGE_URL)


def purge_later(tags):
    """Queue the purge of `tags` (after the commit that changed them)."""
    if enabled() and tags:
        purge_tags.enqueue(sorted(tags))


def _request(tags):
    """The HTTP request that purges `tags` for the configured edge cache."""
    url = settings.NEWSROOM_PURGE_URL
    token = settings.NEWSROOM_PURGE_TOKEN
    style = settings.NEWSROOM_PURGE_FORMAT
    if style == "xkey":
        # Varnish's vmod_xkey: `xkey.purge(req.http.xkey-purge)` in the PURGE branch.
        headers = {"xkey-purge": " ".join(tags)}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return urllib.request.Request(url, method="PURGE", headers=headers)  # noqa: S310
    if style == "fastly":
        # POST /service/{id}/purge with {"surrogate_keys": [...]} and the Fastly-Key.
        body = json.dumps({"surrogate_keys": list(tags)}).encode()
        headers = {"Content-Type": "application/json", "Fastly-Key": token}
        return urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310
    # Cloudflare: POST /zones/{zone}/purge_cache with {"tags": [...]}.
    body = json.dumps({"tags": list(tags)}).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    return urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310


@task(retry=PURGE_RETRY)
def purge_tags(tags):
    """Send `tags` to the purge endpoint in batches; a refusal or an error is raised, so
    the engine tries again (purging twice is harmless)."""
    if not enabled():
        return "No purge endpoint configured; nothing sent."
    size = BATCH[settings.NEWSROOM_PURGE_FORMAT]
    for start in range(0, len(tags), size):
        request = _request(tags[start : start + size])
        # The operator's address, checked to be http(s) at start-up (page_cache_settings).
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            response.read()
    return f"{len(tags)} tags purged at {settings.NEWSROOM_PURGE_URL}."
