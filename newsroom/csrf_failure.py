"""The page a reader sees when a form's CSRF check fails (settings.CSRF_FAILURE_VIEW).

Usually the form was open for hours in a tab, or the browser dropped our cookie. Instead of
Django's bare "CSRF verification failed", the page says what happened and offers the form
again, at the same address and with the reader's choices that are safe in an address: the
pledge form's amount and frequency. A name, an e-mail or a message never goes into a URL.
"""

from urllib.parse import urlencode

from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

# The pledge page reads these from its query string (PledgeForm.from_query) and ignores
# anything it cannot parse, so they need no checking here beyond their length.
CARRIED_FIELDS = ("amount", "frequency")
MAX_LENGTH = 20


def csrf_failure(request, reason=""):
    """403 in the site's design, with a link back to the form the reader was sending."""
    carried = {
        name: request.POST[name][:MAX_LENGTH]
        for name in CARRIED_FIELDS
        if request.method == "POST" and request.POST.get(name)
    }
    # One leading slash: "//host/..." would be an address on another site.
    retry = "/" + request.path.lstrip("/") + (f"?{urlencode(carried)}" if carried else "")
    context = {"retry_url": retry, "no_cookie": reason == REASON_NO_CSRF_COOKIE}
    response = render(request, "403_csrf.html", context, status=403)
    add_never_cache_headers(response)
    return response
