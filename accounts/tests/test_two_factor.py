"""Two-factor sign-in: an authenticator app (TOTP) with recovery codes, for anyone who wants it; required for
site administrators and for the coordinators and chair of a board that asks for it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import enrol
from boards.tests.factories import UserFactory
from testsupport.two_factor import app_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the test users' password (UserFactory)
SETUP = reverse("accounts:two_factor_setup")
OVERVIEW = reverse("accounts:two_factor")
CODES = reverse("accounts:recovery_codes")
CODE_STEP = reverse("accounts:sign_in_code")


def password_step(client, user, next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    return client.post(reverse("login") + (f"?next={next_url}" if next_url else ""), data | {"next": next_url})


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


# Enrolling -------------------------------------------------------------------------------------------


def test_anyone_can_turn_on_two_factor_from_their_account(client, cast):
    client.force_login(cast.member)
    overview = client.get(OVERVIEW).content.decode()
    assert "Two-factor sign-in is off" in overview
    assert SETUP in overview
    assert OVERVIEW in client.get(reverse("boards:my_details")).content.decode()

    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=cast.member, confirmed=False)
    assert 'src="data:image/svg+xml;base64,' in page
    assert 'alt="QR code for your authenticator app' in page
    key = re.search(r'<code id="manual-key"[^>]*>([A-Z2-7 ]+)</code>', page).group(1)
    assert key.replace(" ", "") == two_factor_key(device)
    assert client.get(SETUP).content.decode().count(key) == 1  # the same key until confirmed: a scan stays good

    wrong = client.post(SETUP, {"code": "000000" if app_code(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    html = wrong.content.decode()
    assert 'aria-describedby="error_1_id_code' in html or 'aria-invalid="true"' in html
    assert "That code did not match" in html
    assert not TOTPDevice.objects.filter(user=cast.member, confirmed=True).exists()

    response = client.post(SETUP, {"code": app_code(device)})
    assert response.url == CODES
    assert verified(client)  # this session has just proved it holds the app
    page = client.get(CODES).content.decode()
    shown = re.findall(r'<li class="recovery-code"><code>([a-z0-9-]+)</code></li>', page)
    assert len(shown) == 10
    stored = {t.token for t in StaticToken.objects.filter(device__user=cast.member)}
    assert {code.replace("-", "") for code in shown} == stored
    # Shown once: coming back shows none.
    again = client.get(CODES)
    assert again.url == OVERVIEW
    assert shown[0] not in client.get(OVERVIEW).content.decode()
    assert "Two-factor sign-in is on" in client.get(OVERVIEW).content.decode()


def two_factor_key(device):
    from base64 import b32encode

    return b32encode(device.bin_key).decode().rstrip("=")


def test_new_recovery_codes_replace_the_old_ones(client, cast):
    _, old = enrol(cast.member)
    client.force_login(cast.member)
    response = client.post(CODES)
    assert response.url == CODES
    page = client.get(CODES).content.decode()
    new = re.findall(r'<li class="recovery-code"><code>([a-z0-9-]+)</code></li>', page)
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=cast.member).count() == 10


def test_turning_it_off(client, cast):
    enrol(cast.member)
    client.force_login(cast.member)
    response = client.post(reverse("accounts:two_factor_off"))
    assert response.url == OVERVIEW
    assert not TOTPDevice.objects.filter(user=cast.member).exists()
    assert not StaticToken.objects.filter(device__user=cast.member).exists()


# Signing in with a code ------------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_after_the_password(client, cast):
    device, _ = enrol(cast.member)
    response = password_step(client, cast.member, next_url="/boards/")
    assert response.url == f"{CODE_STEP}?next=/boards/"
    assert not signed_in(client)  # the password alone signs no one in
    assert client.get(reverse("boards:board_list")).url.startswith(reverse("login"))

    page = client.get(response.url).content.decode()
    assert "Enter the code" in page
    assert 'autocomplete="one-time-code"' in page
    wrong = "000000" if app_code(device) != "000000" else "111111"
    bad = client.post(response.url, {"code": wrong})
    assert "That code did not work" in bad.content.decode()
    assert not signed_in(client)
    # Straight away, even the right code waits: every wrong one doubles the wait.
    hurried = client.post(response.url, {"code": app_code(device, steps_ahead=1)}).content.decode()
    assert "Too many wrong codes in a row. Wait 1 second, then try again." in hurried
    assert not signed_in(client)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now() - timedelta(seconds=2))

    response = client.post(f"{CODE_STEP}?next=/boards/", {"code": app_code(device, steps_ahead=1)})
    assert response.url == "/boards/"
    assert signed_in(client) and verified(client)
    assert client.get("/boards/").status_code == 200


def test_a_recovery_code_signs_in_once(client, cast):
    _, codes = enrol(cast.member)
    password_step(client, cast.member)
    response = client.post(CODE_STEP, {"code": codes[0].upper().replace("-", " ")})
    assert response.url == reverse("dashboard")
    assert signed_in(client) and verified(client)
    assert "9 recovery codes left" in client.get(reverse("dashboard")).content.decode()

    other = Client()
    password_step(other, cast.member)
    assert "That code did not work" in other.post(CODE_STEP, {"code": codes[0]}).content.decode()
    assert not signed_in(other)


def test_the_code_step_needs_the_password_step_first(client, cast):
    enrol(cast.member)
    response = client.get(CODE_STEP)
    assert response.url == reverse("login")


def test_without_a_device_the_password_is_enough(client, cast):
    response = password_step(client, cast.member)
    assert response.url == reverse("dashboard")
    assert signed_in(client)


def test_a_session_that_never_gave_a_code_is_asked_for_one(client, cast):
    """Signed in before the app was added elsewhere, say: the session must prove it before going on."""
    device, _ = enrol(cast.member)
    client.force_login(cast.member)
    session = client.session
    del session[DEVICE_ID_SESSION_KEY]
    session.save()
    response = client.get("/boards/")
    assert response.url == f"{CODE_STEP}?next=/boards/"
    response = client.post(response.url, {"code": app_code(device, steps_ahead=1)})
    assert response.url == "/boards/"
    assert verified(client)


# Required for administrators and boards that ask ---------------------------------------------------------


def test_a_site_administrator_must_enrol_before_anything_else(client, cast):
    admin = UserFactory(email="new.admin@example.org", is_superuser=True, is_staff=True, person=None)
    client.force_login(admin)
    for path in (reverse("dashboard"), reverse("admin:index"), "/boards/", reverse("meetings:my_calendar")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url == f"{SETUP}?next={path}"
    page = client.get(SETUP).content.decode()
    assert "Site administrators must use two-factor sign-in" in page
    assert client.post(reverse("logout")).status_code == 302  # signing out is always possible


def test_cast_administrator_has_a_device_and_reaches_the_admin(client, cast):
    client.force_login(cast.superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    refused = client.post(reverse("accounts:two_factor_off"))
    assert refused.url == OVERVIEW
    assert TOTPDevice.objects.filter(user=cast.superuser, confirmed=True).exists()
    assert "you cannot turn it off" in client.get(OVERVIEW).content.decode()


@pytest.mark.parametrize(("role", "sent_to_enrol"), [("coordinator", True), ("chair", True), ("member", False)])
def test_a_board_can_require_it_of_its_coordinators_and_chair(client, cast, role, sent_to_enrol):
    cast.board.require_two_factor = True
    cast.board.save()
    client.force_login(cast.user(role))
    response = client.get(reverse("dashboard"))
    if sent_to_enrol:
        assert response.url == f"{SETUP}?next=/"
        assert escape(cast.board.name) in client.get(SETUP).content.decode()
        device = TOTPDevice.objects.get(user=cast.user(role))
        client.post(SETUP, {"code": app_code(device)})
        assert client.get(reverse("dashboard")).status_code == 200
    else:
        assert response.status_code == 200


def test_the_requirement_is_a_board_setting(client, cast):
    client.force_login(cast.coordinator)
    form = client.get(reverse("boards:board_edit", args=[cast.board.slug])).content.decode()
    assert 'name="require_two_factor"' in form
    data = {
        "name": cast.board.name,
        "short_name": cast.board.short_name,
        "kind": cast.board.kind,
        "notice_days": cast.board.notice_days,
        "numbering_style": cast.board.numbering_style,
        "require_two_factor": "on",
    }
    response = client.post(reverse("boards:board_edit", args=[cast.board.slug]), data)
    assert response.status_code == 302
    cast.board.refresh_from_db()
    assert cast.board.require_two_factor is True
    # The coordinator who just turned it on is the first to be asked to enrol.
    assert client.get(reverse("dashboard")).url.startswith(SETUP)
