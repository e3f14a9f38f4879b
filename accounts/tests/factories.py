"""Two-factor devices for tests, and the codes an authenticator app would show for them."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from testsupport.two_factor import app_code


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Give the user a confirmed authenticator app and recovery codes, as the set-up page does."""
    device = two_factor.totp_device_for(user=user)
    codes = two_factor.totp_confirm(user=user, device=device, code=app_code(device))
    device.refresh_from_db()
    return device, codes
