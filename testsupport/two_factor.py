"""The codes an authenticator app would show, for tests in any app (signing in as a site administrator)."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The six digits the app shows now (or that many 30-second steps on: a code is accepted only once)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead)
    return f"{code:0{device.digits}d}"
