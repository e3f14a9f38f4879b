"""Sign-in pages: the password step and the code step, the lockout page, the rate-limited password reset,
and each person's two-factor page (set up, recovery codes, turn off)."""

from __future__ import annotations

import base64
import logging
import time
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from boards.models import User
from core.views import apply_validation_error

from . import throttle, two_factor
from .forms import CodeForm
from .guessing import client_address

logger = logging.getLogger(__name__)

#: Session key: the user who gave the right password and still owes a code (pk, backend, when).
PENDING = "two_factor_pending"
PENDING_FOR = 10 * 60
#: Session key: recovery codes just made, shown once and then forgotten.
FRESH_CODES = "two_factor_fresh_codes"


def _safe_next(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url}, safe='/')}" if next_url else url


# Signing in --------------------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """The password step. With an authenticator app set up, the right password leads to the code step and
    signs no one in yet."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.is_enabled(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {"user": user.pk, "backend": user.backend, "at": int(time.time())}
        return redirect(_with_next(reverse("accounts:sign_in_code"), self.get_redirect_url()))


def _code_owner(request):
    """Whose code is awaited: the signed-in user of an unverified session, or the user of the password step."""
    if request.user.is_authenticated:
        return request.user, None
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_FOR:
        return None, None
    return User.objects.filter(pk=pending["user"], is_active=True).first(), pending["backend"]


@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    if request.user.is_authenticated and (request.user.is_verified() or not two_factor.is_enabled(request.user)):
        return redirect(_safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL))  # nothing to prove
    user, backend = _code_owner(request)
    if user is None:
        messages.info(request, "Please sign in with your e-mail address and password first.")
        return redirect("login")
    next_url = _safe_next(request)
    form = CodeForm(
        request.POST or None,
        help_text="The six digits your authenticator app shows now, or one of your recovery codes.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as e:
            apply_validation_error(form, e)
            device = False
        if device is None:
            form.add_error(
                "code",
                "That code did not work. Type the newest code from your app (check your phone's clock is right), "
                "or one of your recovery codes.",
            )
        elif device:
            request.session.pop(PENDING, None)
            user.otp_device = device  # django-otp marks the new session as verified when it sees this
            if not request.user.is_authenticated:
                auth_login(request, user, backend)
            else:
                otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code. You have {left} recovery code{'s' if left != 1 else ''} "
                    "left; make new ones from your two-factor page if you are running low.",
                )
            return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(request, "registration/sign_in_code.html", {"form": form, "next": next_url})


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


# The person's two-factor page ------------------------------------------------------------------------


def _requirement_context(user) -> dict:
    state = two_factor.state_for(user)
    return {
        "state": state,
        "required_as_admin": user.is_superuser,
        "requiring_boards": two_factor.requiring_boards(user) if state.required and not user.is_superuser else [],
    }


@login_required
def two_factor_overview(request):
    context = _requirement_context(request.user)
    if context["state"].enabled:
        context["codes_left"] = two_factor.recovery_codes_left(request.user)
    return render(request, "accounts/two_factor.html", context)


def _qr_data_uri(text: str) -> str:
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _grouped(key: str) -> str:
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    if two_factor.is_enabled(request.user):
        messages.info(request, "Two-factor sign-in is already on.")
        return redirect("accounts:two_factor")
    device = two_factor.totp_device_for(user=request.user)
    next_url = _safe_next(request)
    form = CodeForm(request.POST or None, help_text="The six digits the app shows for the Board portal.")
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_confirm(user=request.user, device=device, code=form.cleaned_data["code"])
        except ValidationError as e:
            apply_validation_error(form, e)
        else:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[FRESH_CODES] = codes
            messages.success(request, "Two-factor sign-in is on. Keep your recovery codes somewhere safe.")
            return redirect(_with_next(reverse("accounts:recovery_codes"), next_url))
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "manual_key": _grouped(key),
            "next": next_url,
            **_requirement_context(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """GET shows codes just made, once; POST makes a new set (the old one stops working)."""
    if request.method == "POST":
        if not two_factor.is_enabled(request.user):
            return redirect("accounts:two_factor")
        request.session[FRESH_CODES] = two_factor.recovery_codes_renew(user=request.user)
        messages.success(request, "You have new recovery codes. The old ones no longer work.")
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(FRESH_CODES, None)
    if not codes:
        messages.info(request, "Recovery codes are shown only once, when they are made. You can make a new set.")
        return redirect("accounts:two_factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _safe_next(request)})


@login_required
@require_POST
def two_factor_off(request):
    try:
        two_factor.turn_off(user=request.user)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, "Two-factor sign-in is off. You now sign in with your password alone.")
    return redirect("accounts:two_factor")
