"""The Content-Security-Policy header: django-csp's middleware plus the admin's exceptions.

Every response gets settings.CONTENT_SECURITY_POLICY. Responses under the admin's prefix
also get settings.NEWSROOM_ADMIN_CSP added to it, and the admin's form media (the
rich-text editor's inline import map) a nonce that is new on every response. Reader pages
never ask for a nonce, so they stay the same for every reader and can be cached.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse
from js_asset import Media


def is_admin(request):
    return request.path_info.startswith(reverse("admin:index"))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_template_response(self, request, response):
        media = (response.context_data or {}).get("media")
        # Only django-js-asset's Media can put a nonce on the tags it renders.
        if isinstance(media, Media) and is_admin(request):
            response.context_data["media"] = media.with_nonce(request.csp_nonce)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin(request):
            parts.update = {**settings.NEWSROOM_ADMIN_CSP, **(parts.update or {})}
        return parts
