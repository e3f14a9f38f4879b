"""Sign-in pages: the password step, the lockout page and the rate-limited password reset."""

from __future__ import annotations

import logging

from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone

from . import throttle
from .guessing import client_address

logger = logging.getLogger(__name__)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once an account and address are locked: when to try again, and the way round."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60))
    return render(
        request,
        "registration/locked_out.html",
        {"try_again_at": timezone.localtime() + cool_off, "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, sending at most a few e-mails an hour per address and per client address.

    Over either limit nothing is sent, and the answer is the same as ever: the page never tells whether
    an address has an account, nor that a limit was reached.
    """

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_LIMIT_WINDOW
        client = client_address(self.request)
        allowed = throttle.take(
            "reset-client", client, limit=settings.PASSWORD_RESET_LIMIT_PER_CLIENT, window=window
        ) and throttle.take(
            "reset-address",
            form.cleaned_data["email"],
            limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            window=window,
        )
        if allowed:
            return super().form_valid(form)
        logger.warning("Password reset e-mail not sent: rate limit reached (client %s).", client)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the e-mailed link also lifts any lockout on the account: whoever
    opened the link has the mailbox, so the guessing it guarded against is beside the point."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.email)
        return response
