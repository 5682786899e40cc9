"""The reader page cache's settings (newsroom/serving/page_cache.py, invalidation.py,
purge.py), read from the environment by newsroom/settings.py."""

from django.core.exceptions import ImproperlyConfigured

from newsroom.environment import env, env_bool, env_float, env_int

# Seconds a rendered reader page is fresh on the server. A change to anything it shows ends
# it at once, and so does the first scheduled change that touches it, so pages can live for
# hours; this is the safety net for a change written without signals.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 6 * 60 * 60)
# A page past its lifetime with nothing changed is served as it was, for up to this long,
# while one request renders it again (0: every expired page waits for its render).
NEWSROOM_PAGE_CACHE_STALE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_STALE_SECONDS", 600)
# A page showing a campaign's progress bar is fresh this long at most (pledges do not
# forget pages; the bar catches up within this time).
NEWSROOM_PAGE_TOTALS_SECONDS = env_int("NEWSROOM_PAGE_TOTALS_SECONDS", 600)
# A reader asking for a page another request is rendering waits this long for it at most.
NEWSROOM_PAGE_WAIT_SECONDS = env_float("NEWSROOM_PAGE_WAIT_SECONDS", 5.0)
# The ages sent to browsers and to shared caches (nginx, a CDN) in Cache-Control.
NEWSROOM_PAGE_MAX_AGE = env_int("NEWSROOM_PAGE_MAX_AGE", 60)
NEWSROOM_PAGE_SHARED_MAX_AGE = env_int("NEWSROOM_PAGE_SHARED_MAX_AGE", 120)
NEWSROOM_PAGE_STALE_SECONDS = env_int("NEWSROOM_PAGE_STALE_SECONDS", 30)
# Each app process keeps copies of kept pages in its own memory, up to this many bytes, and
# answers from them while it hears every change through Redis (newsroom/serving/page_copies.py);
# 0: every kept page comes from Redis. Only with REDIS_URL.
NEWSROOM_PAGE_COPIES_BYTES = env_int("NEWSROOM_PAGE_COPIES_BYTES", 32 * 1024 * 1024)
# Set to the deployed commit: pages cached by the previous release are not served by this one.
NEWSROOM_RELEASE = env("NEWSROOM_RELEASE")
# With a read replica: how far behind the primary it may be. A page rendered this soon
# after a change is kept only until the window is over.
NEWSROOM_REPLICA_LAG_SECONDS = env_int("NEWSROOM_REPLICA_LAG_SECONDS", 5)

# Edge caches (newsroom/serving/purge.py): every reader response names what it shows in
# Surrogate-Key and Cache-Tag; with a purge address, each change's tags are sent there.
NEWSROOM_SURROGATE_KEYS = env_bool("NEWSROOM_SURROGATE_KEYS", True)
NEWSROOM_PURGE_URL = env("NEWSROOM_PURGE_URL")
NEWSROOM_PURGE_FORMAT = env("NEWSROOM_PURGE_FORMAT", "xkey")
NEWSROOM_PURGE_TOKEN = env("NEWSROOM_PURGE_TOKEN")
PURGE_FORMATS = ("xkey", "fastly", "cloudflare")
if NEWSROOM_PURGE_FORMAT not in PURGE_FORMATS:
    raise ImproperlyConfigured(
        f"NEWSROOM_PURGE_FORMAT must be one of {', '.join(PURGE_FORMATS)}, "
        f"not {NEWSROOM_PURGE_FORMAT!r}."
    )
if NEWSROOM_PURGE_URL and not NEWSROOM_PURGE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"NEWSROOM_PURGE_URL must be an http:// or https:// address, not {NEWSROOM_PURGE_URL!r}."
    )
if NEWSROOM_PURGE_URL and NEWSROOM_PURGE_FORMAT != "xkey" and not NEWSROOM_PURGE_TOKEN:
    raise ImproperlyConfigured(
        f"NEWSROOM_PURGE_TOKEN is needed to purge through {NEWSROOM_PURGE_FORMAT}'s API."
    )
