"""Counts full page renders in Redis, for benches that need to know how often gunicorn
rendered a page rather than answering from a cache (bench/publishing_day.py).

Installed by bench/wsgi.py when BENCH_RENDER_COUNTER names a Redis key: each outermost
render of a Django template for a request (what `django.shortcuts.render` and a
TemplateResponse do for a page) adds one to that key with INCR. Templates rendered inside
a page (a template tag's own render_to_string) and without a request (form widgets, mail)
are not pages and are not counted. It wraps the template backend rather than the views'
`render`, so it counts the same on any tree of the project and works with DEBUG off
(Django's template_rendered signal fires only under the test runner).
"""

import functools
import threading

import redis
from django.template.backends.django import Template

_depth = threading.local()


def install(key, redis_url):
    """Wrap the Django template backend's render so each page render INCRs `key`."""
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    render = Template.render

    @functools.wraps(render)
    def counted(self, context=None, request=None):
        outermost = request is not None and not getattr(_depth, "value", 0)
        _depth.value = getattr(_depth, "value", 0) + 1
        try:
            return render(self, context, request)
        finally:
            _depth.value -= 1
            if outermost:
                client.incr(key)

    Template.render = counted
