"""The admin's sign-in form, throttled per user name *and* address together.

Counting failures per user name alone would let anyone lock a journalist out by guessing at
their name; per address alone would let one office lock out another. The pair is counted:
after NEWSROOM_LOGIN_ATTEMPTS failures within NEWSROOM_LOGIN_WINDOW seconds that name is
refused from that address (even with the right password) until the window ends; the same
name from elsewhere, and other names from here, still sign in. A success clears the count.
"""

import contextlib
import hashlib
import logging

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm

from newsroom.serving import throttle

logger = logging.getLogger(__name__)


def attempt_key(username, address):
    digest = hashlib.sha256(f"{username.strip().casefold()}|{address}".encode()).hexdigest()
    return f"staff-login:{digest[:32]}"


class StaffLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed sign-ins for this name from your address. Wait "
        "%(minutes)s minutes and try again, or ask an administrator to reset your password.",
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        key = attempt_key(username, throttle.client_address(self.request))
        window = settings.NEWSROOM_LOGIN_WINDOW
        try:
            refused = throttle.attempts(key) >= settings.NEWSROOM_LOGIN_ATTEMPTS
        except throttle.ThrottleUnavailable:
            logger.warning("Sign-in throttle unavailable (cache down); checking password only.")
            return super().clean()
        if refused:
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, window // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            self._count_failure(key, window)
            raise
        with contextlib.suppress(throttle.ThrottleUnavailable):
            throttle.forget(key)
        return cleaned

    def _count_failure(self, key, window):
        try:
            throttle.hit(key, limit=settings.NEWSROOM_LOGIN_ATTEMPTS, window=window)
        except throttle.ThrottleUnavailable:
            logger.warning("Sign-in throttle unavailable (cache down); failure not counted.")
