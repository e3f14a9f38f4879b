"""The update form an owner opens from the link in a reminder e-mail, without signing in.

The signed link (:mod:`actions.links`) opens that one action's update form and nothing else: no session is
started or changed, so nobody is signed in by it (and two-factor sign-in is never sidestepped). The
messages framework, which may keep its messages in the session, is not used: after an update the page
comes back with the update shown. The answer is never cached, and the address, which holds the token,
is never sent on as a referrer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.views import apply_validation_error

from .. import services
from ..forms import UpdateForm
from ..links import BadLink, read_token
from ..models import ActionUpdate
from .common import listed, present

HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

EXPIRED, ALTERED, NOT_YOURS = 410, 400, 403


def _private(response):
    for header, value in HEADERS.items():
        response[header] = value
    return response


def _refused(request, message: str, status: int):
    sign_in = f"{reverse('login')}?{urlencode({'next': reverse('actions:my_actions')})}"
    return _private(
        render(request, "actions/link_refused.html", {"message": message, "sign_in": sign_in}, status=status)
    )


def _status(error: BadLink) -> int:
    cause = error.__cause__
    if isinstance(cause, signing.SignatureExpired):
        return EXPIRED
    if isinstance(cause, signing.BadSignature):
        return ALTERED
    return NOT_YOURS


@require_http_methods(["GET", "POST"])
def action_update_by_link(request, token):
    try:
        holder = read_token(token)
    except BadLink as error:
        return _refused(request, str(error), _status(error))
    action = listed().get(pk=holder.action.pk)
    if request.method == "POST":
        form = UpdateForm(request.POST, request.FILES, action=action)
    else:
        form = UpdateForm(action=action)
    if request.method == "POST" and form.is_valid():
        try:
            update = services.action_update_by_link(action=action, person=holder.person, **form.service_kwargs())
        except PermissionDenied as error:
            return _refused(request, str(error), NOT_YOURS)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return _private(redirect(f"{request.path}?{urlencode({'posted': update.pk})}"))
    posted = None
    if request.method == "GET" and request.GET.get("posted", "").isdigit():
        posted = ActionUpdate.objects.filter(
            pk=int(request.GET["posted"]), action=action, author_person=holder.person, via_link=True
        ).first()
        if posted is not None:
            form = UpdateForm(action=action)
    present([action])
    return _private(
        render(
            request,
            "actions/link_update.html",
            {"action": action, "person": holder.person, "form": form, "posted": posted},
        )
    )
