"""Browser tests for signing in: setting up two-factor sign-in, signing in with a code and with a recovery code,
the lockout page, all checked with axe (see testsupport/browser.py), the set-up page also on a phone."""

import re
from base64 import b32encode

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from testsupport.browser import DEFAULT_PASSWORD, sign_in
from testsupport.two_factor import app_code

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def password_step(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def assert_fits(page, width: int) -> None:
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"the page is {scroll}px wide on a {width}px screen"


def test_enrol_then_sign_in_with_a_code_and_then_with_a_recovery_code(page, cast):
    member = cast.member
    sign_in(page, member)
    page.goto("/me/")
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    expect(page.get_by_text("Two-factor sign-in is off.")).to_be_visible()
    page.get_by_role("link", name="Set up two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    qr = page.get_by_role("img", name=re.compile("QR code for your authenticator app"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the SVG really draws
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    key = page.locator("#manual-key").inner_text()
    assert key.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")  # the key a person would type

    # A wrong code is reported against the field, which keeps focus-able and described.
    code = page.get_by_label("Code")
    code.fill("000000" if app_code(device) != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("That code did not match")).to_be_visible()
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)

    page.get_by_label("Code").fill(app_code(device))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have kept them safe: continue").click()
    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()
    sign_out(page)

    # Signing in: the password, then the code from the app.
    password_step(page, member)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your app")
    expect(page.get_by_label("Code")).to_have_attribute("autocomplete", "one-time-code")
    page.get_by_label("Code").fill(app_code(device, steps_ahead=1))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    sign_out(page)

    # No phone: a recovery code instead, typed as printed.
    password_step(page, member)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.get_by_text("You signed in with a recovery code. You have 9 recovery codes left")).to_be_visible()
    sign_out(page)

    # Each recovery code works once.
    password_step(page, member)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code did not work")).to_be_visible()


def test_an_administrator_sets_up_two_factor_first_on_a_phone(page, cast):
    from boards.tests.factories import UserFactory

    admin = UserFactory(email="new.admin@example.org", is_superuser=True, is_staff=True, person=None)
    page.set_viewport_size(PHONE)
    sign_in(page, admin)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_text("Site administrators must use two-factor sign-in.")).to_be_visible()
    assert_fits(page, PHONE["width"])
    page.goto("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    page.get_by_label("Code").fill(app_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert_fits(page, PHONE["width"])
    page.get_by_role("link", name="I have kept them safe: continue").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_the_lockout_page_says_when_to_try_again(page, cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    page.set_viewport_size(PHONE)
    for _ in range(3):
        page.goto("/accounts/login/")
        page.get_by_label("E-mail address").fill(cast.chair.email)
        page.get_by_label("Password").fill("a wrong guess")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    expect(page.get_by_text(re.compile(r"You can try again after \d\d:\d\d"))).to_be_visible()
    assert_fits(page, PHONE["width"])
    page.get_by_role("link", name="reset your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
