"""The Content-Security-Policy header: django-csp's middleware plus the admin's exceptions.

Every response gets settings.CONTENT_SECURITY_POLICY. Responses under the admin's prefix
also get settings.NEWSROOM_ADMIN_CSP added to it, and the admin's form media (the
rich-text editor's inline import map) a nonce that is new on every response. Reader pages
never ask for a nonce, so they stay the same for every reader and can be cached.
"""

import functools

from csp.constants import HEADER

# CheckableLazyObject and CSPMiddleware._csp_nonce_post_response are django-csp internals,
# checked against django-csp 4.0 by tests/test_upgrade_guards.py.
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from js_asset import Media

# A view may change its own policy with django-csp's decorators, which mark the response.
PER_RESPONSE_POLICY = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


def is_admin(request):
    """Under the admin's address (its script prefix included, as request.path has it)."""
    return request.path.startswith(_admin_index(get_urlconf(), get_script_prefix()))


@functools.lru_cache(maxsize=16)
def _admin_index(urlconf, script_prefix):
    # Reversed once per URL configuration and prefix, not on every response: reversing
    # was a quarter of a page answered from the page cache, measured in process.
    return reverse("admin:index", urlconf=urlconf)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_template_response(self, request, response):
        media = (response.context_data or {}).get("media")
        # Only django-js-asset's Media can put a nonce on the tags it renders.
        if isinstance(media, Media) and is_admin(request):
            response.context_data["media"] = media.with_nonce(request.csp_nonce)
        return response

    def process_response(self, request, response):
        if not self._is_plain(request, response):
            return super().process_response(request, response)
        # Reader pages and static files: the same policy every time, built once (building
        # it cost a fifth of a page answered from the page cache).
        if HEADER not in response:
            response[HEADER] = site_policy()
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _is_plain(self, request, response):
        return (
            getattr(request, "_csp_nonce", None) is None
            and not is_admin(request)
            and not any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            # django-csp leaves Django's debug 404 and 500 pages alone.
            and not (settings.DEBUG and response.status_code in {404, 500})
        )

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin(request):
            parts.update = {**settings.NEWSROOM_ADMIN_CSP, **(parts.update or {})}
        return parts


@functools.cache
def site_policy():
    """The header for a response with no nonce and no per-view change."""
    return build_policy()


@receiver(setting_changed)
def forget_site_policy(setting, **kwargs):
    if setting in {"CONTENT_SECURITY_POLICY", "DEBUG"}:
        site_policy.cache_clear()
