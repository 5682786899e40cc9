"""What every reader page is served through, whichever app draws it.

- invalidation.py: what invalidates what (the generation, the signals, values kept until
  content changes): start here.
- page_cache.py: the middleware that answers readers from the shared cache, and the HTTP
  caching headers.
- page_copies.py: each process's own copies of kept pages, dropped on every change.
- shared_cache.py: the one policy for a cache that is down.
- redis_cache.py: Django's Redis cache, guarded against a Redis that stopped answering.
- db_router.py: reader pages read from the replica.
- throttle.py: attempts counted in the shared cache (staff sign-in, pledges).
- public_urls.py: every absolute address we publish.
"""
