"""The project's WSGI application with the bench's URLs: everything newsroom.wsgi serves,
plus /bench/minimal/ (bench/minimal_urls.py).

    gunicorn -c deploy/gunicorn.conf.py bench.wsgi

Same settings module, same middleware, same gunicorn settings; only ROOT_URLCONF differs,
and it is set here, before the application is built, so the app's own URLs stay as they
are. Used by bench/serve.py for every row it measures through gunicorn. With
BENCH_RENDER_COUNTER set (a Redis key), every page render adds one to that key
(bench/render_counter.py; bench/publishing_day.py reads it).
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
settings.ROOT_URLCONF = "bench.minimal_urls"

if os.environ.get("BENCH_RENDER_COUNTER"):
    from bench import render_counter

    render_counter.install(os.environ["BENCH_RENDER_COUNTER"], os.environ["REDIS_URL"])

application = get_wsgi_application()
