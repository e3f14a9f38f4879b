"""Middleware for signed-in sessions: sign out after a spell of inactivity; two-factor sign-in first."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

#: Session key: when the session last did anything (seconds since the epoch).
LAST_ACTIVITY = "last_activity"
#: Requests closer together than this do not rewrite the stamp (a database write each time otherwise).
TOUCH_EVERY = 60


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """On sign-in (connected to ``user_logged_in``): the session's clock starts now."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())


def _duration(minutes: int) -> str:
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class IdleSessionMiddleware:
    """Sign out a session idle for longer than ``SESSION_IDLE_MINUTES``, and send the person to sign in
    again, back to the page they asked for. An htmx request sends the whole page there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            minutes = settings.SESSION_IDLE_MINUTES
            if last is not None and now - last > minutes * 60:
                logout(request)
                messages.info(request, f"You were signed out after {_duration(minutes)} without activity.")
                response = redirect_to_login(request.get_full_path())
                if getattr(request, "htmx", False):
                    response = HttpResponse(status=204, headers={"HX-Redirect": response.url})
                return response
            if last is None or now - last >= TOUCH_EVERY:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """Before anything else, a signed-in session must (a) give a code, if the user has an authenticator app
    and this session has not proved it holds it; (b) set an app up, if the user must use one (site
    administrators; coordinators and chairs of a board that requires it). One query for a session without a
    verified app; none more once verified (django-otp's middleware has loaded the device)."""

    #: Pages a session may reach before either: the code step, the set-up pages, and signing out.
    ALLOWED = ("accounts:sign_in_code", "accounts:two_factor_setup", "accounts:recovery_codes", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._allowed(request):
            from . import two_factor

            state = two_factor.state_for(user)
            if state.enabled:
                return self._send(request, "accounts:sign_in_code")
            if state.required:
                messages.info(request, "Please set up two-factor sign-in before you carry on.")
                return self._send(request, "accounts:two_factor_setup")
        return self.get_response(request)

    def _allowed(self, request) -> bool:
        match = request.resolver_match or _resolve(request.path_info)
        return match is not None and match.view_name in self.ALLOWED

    @staticmethod
    def _send(request, view_name: str) -> HttpResponse:
        url = f"{reverse(view_name)}?{urlencode({'next': request.get_full_path()}, safe='/')}"
        if getattr(request, "htmx", False):
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        return redirect(url)


def _resolve(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None
