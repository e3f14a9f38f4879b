"""Two-factor devices for tests, and the codes an authenticator app would show for them."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Give the user a confirmed authenticator app and recovery codes, as the set-up page does."""
    device = two_factor.totp_device_for(user=user)
    codes = two_factor.totp_confirm(user=user, device=device, code=app_code(device))
    device.refresh_from_db()
    return device, codes


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The six digits the app shows now (or that many 30-second steps on: a code is accepted only once)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead)
    return f"{code:0{device.digits}d}"
