"""Two-factor sign-in: an authenticator app (django-otp's TOTP device) and one-use recovery codes (its
static device). Who must use it, whether they do, and the writes that set it up, renew or remove it.

A person has at most one confirmed app and one set of recovery codes. Setting up makes an unconfirmed app
whose key stays the same until a code from it confirms it, so a half-finished scan is never wasted.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from boards.enums import CHAIR_ROLES, Role
from boards.models import Board, Membership, User
from core.locks import locked

RECOVERY_CODES = 10
#: Letters and digits that cannot be mistaken for one another when read off paper.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
APP_NAME = "Authenticator app"
CODES_NAME = "Recovery codes"
REQUIRING_ROLES = (Role.COORDINATOR, *CHAIR_ROLES)


@dataclass(frozen=True)
class TwoFactorState:
    enabled: bool
    required: bool


def _requiring_seats(user_pk_ref):
    return Membership.objects.current().filter(
        person__user=user_pk_ref, role__in=REQUIRING_ROLES, board__require_two_factor=True
    )


def state_for(user) -> TwoFactorState:
    """Whether the user has a confirmed app, and whether they must: one query."""
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_seat=Exists(_requiring_seats(OuterRef("pk"))),
        )
        .values_list("has_app", "has_seat")
        .first()
    )
    has_app, has_seat = row or (False, False)
    return TwoFactorState(enabled=has_app, required=user.is_superuser or has_seat)


def requiring_boards(user) -> list[Board]:
    """The boards whose setting makes two-factor sign-in compulsory for the user."""
    return list(Board.objects.filter(memberships__in=_requiring_seats(user.pk)).distinct())


def is_enabled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_device_for(*, user) -> TOTPDevice:
    """The app being set up: the unconfirmed device, made on first use and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


def normalise(code: str) -> str:
    """What the person typed, as stored: no spaces or dashes, lower case (recovery codes are letters)."""
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def totp_confirm(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with a code it shows; replace any earlier app; return new recovery codes."""
    device = locked(TOTPDevice.objects, pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(normalise(code)):
        raise ValidationError(
            {"code": "That code did not match. Check the app shows the Board portal and type the newest code."}
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """A fresh set of one-use recovery codes; the earlier set stops working. Returned as shown (xxxxx-xxxxx)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=CODES_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = ["".join(secrets.choice(_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def verify(*, user, code: str):
    """The confirmed device that accepts the code (a recovery code is then used up), or None.

    Six digits go to the app, anything else to the recovery codes, so using a recovery code does not count
    as a wrong app code. django-otp makes each device wait longer after every wrong code (1, 2, 4… seconds);
    while it waits, a ValidationError says for how long.
    """
    code = normalise(code)
    if not code:
        return None
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        devices = StaticDevice.objects.filter(user=user, confirmed=True)
    waits = []
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            waits.append(data["locked_until"])
        elif device.verify_token(code):
            return device
    if waits:
        seconds = max(1, math.ceil((min(waits) - timezone.now()).total_seconds()))
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
        raise ValidationError({"code": f"Too many wrong codes in a row. Wait {wait}, then try again."})
    return None


@transaction.atomic
def turn_off(*, user) -> None:
    if state_for(user).required:
        raise ValidationError("Two-factor sign-in is required for you, so you cannot turn it off.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
