"""Who is asking, and how often: partners' API keys and their rate limits, as REST
framework's authentication, permission and throttle classes for the API's views."""

import logging
import time
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from rest_framework import authentication, exceptions, permissions, throttling

from newsroom.serving import throttle
from syndication.models import ApiKey, key_digest

logger = logging.getLogger(__name__)
# last_used_at is written at most this often per key: a write per request would be a
# write per request.
LAST_USED_EVERY = timedelta(minutes=1)
WINDOW_SECONDS = 60


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>`: the key's digest is looked up (keys are kept only
    as digests); a revoked key is refused by name, so a partner knows to ask for another."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header:
            return None
        if header[0] != self.keyword or len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the API key as “Authorization: Bearer <key>”."
            )
        key = (
            ApiKey.objects.select_related("partner")
            .prefetch_related("sections")
            .filter(digest=key_digest(header[1]))
            .first()
        )
        if key is None:
            raise exceptions.AuthenticationFailed("This API key is not valid.")
        if key.is_revoked:
            raise exceptions.AuthenticationFailed(
                f"This API key was revoked on {key.revoked_at:%Y-%m-%d}; ask us for a new one."
            )
        now = timezone.now()
        ApiKey.objects.filter(pk=key.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
        ).update(last_used_at=now)
        return (None, key)

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class HasApiKey(permissions.BasePermission):
    message = "An API key is required: send it as “Authorization: Bearer <key>”."

    def has_permission(self, request, view):
        # Raised rather than returned: REST framework would answer its own words.
        if not isinstance(request.auth, ApiKey):
            raise exceptions.NotAuthenticated(self.message)
        return True


class ApiKeyRateThrottle(throttling.BaseThrottle):
    """Each key's `requests_per_minute`, counted in the shared cache
    (newsroom/serving/throttle.py) per clock minute, so every app server shares the count
    and Retry-After is exact. With the cache down the request is let through and logged:
    partners are known and their keys revocable, and the API should not go dark with
    Redis."""

    def allow_request(self, request, view):
        key = request.auth
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        self.retry_after = WINDOW_SECONDS - (now % WINDOW_SECONDS)
        try:
            return throttle.hit(
                f"syndication:{key.pk}:{window}",
                limit=key.requests_per_minute,
                window=WINDOW_SECONDS,
            )
        except throttle.ThrottleUnavailable:
            logger.warning("API rate limit not counted: the cache is down")
            return True

    def wait(self):
        return max(1, round(self.retry_after))
