"""What every reader page is served through, whichever app draws it.

- invalidation.py: what invalidates what (which tags each change forgets, the signals,
  forget() and forget_pages() for writers without signals): start here.
- dependencies.py: what a page shows, recorded while it renders: the tags it is kept under.
- versions.py: each tag's version in the shared cache, and the change counter.
- kept.py: the site's generation, and values kept with pages until what they read changes.
- schedule.py: changes nobody saves (a scheduled story, a campaign's start or end).
- page_cache.py: the middleware that answers readers from the shared cache (one render per
  page, stale while revalidating), and the HTTP caching headers.
- page_copies.py: each process's own copies of kept pages; a change drops those under its
  tags.
- purge.py: the purge hook that sends forgotten tags to an edge cache (a CDN, Varnish).
- shared_cache.py: the one policy for a cache that is down.
- redis_cache.py: Django's Redis cache, guarded against a Redis that stopped answering.
- db_router.py: reader pages read from the replica.
- throttle.py: attempts counted in the shared cache (staff sign-in, pledges).
- public_urls.py: every absolute address we publish.
"""
