"""Signing in resists guessing without locking people out: django-axes counts failures per account *and*
client address, and password-reset e-mails are rate-limited per address and per client address."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = "198.51.100.7"  # the chair's office
ELSEWHERE = "203.0.113.9"  # someone guessing
PASSWORD = "correct-horse-battery"  # the test users' password (UserFactory)


def sign_in(client, email, password, *, address, path=None, **headers):
    return client.post(
        path or reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address, **headers
    )


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


def test_thirty_wrong_passwords_lock_that_address_out_but_not_the_account_elsewhere(client, cast):
    for _ in range(30):
        response = sign_in(client, cast.chair.email, "guess", address=ELSEWHERE)
        assert signed_in_as(client) is None
    assert response.status_code == 429

    response = sign_in(client, cast.chair.email, PASSWORD, address=ELSEWHERE)
    assert response.status_code == 429
    assert signed_in_as(client) is None
    page = response.content.decode()
    assert "Signing in is paused" in page
    assert "try again after" in page
    assert reverse("password_reset") in page and "reset your password" in page

    # The chair, at their own desk, is not locked out by the stranger.
    chair = Client()
    response = sign_in(chair, cast.chair.email, PASSWORD, address=HOME)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert signed_in_as(chair) == str(cast.chair.pk)


def test_lockout_comes_after_the_failure_limit_and_ignores_case_in_the_address(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        response = sign_in(client, cast.chair.email.upper(), "guess", address=ELSEWHERE)
        assert response.status_code == 200
        assert "Please enter a correct e-mail address and password" in response.content.decode()
    assert sign_in(client, cast.chair.email, "guess", address=ELSEWHERE).status_code == 429
    assert sign_in(client, cast.chair.email, PASSWORD, address=ELSEWHERE).status_code == 429


def test_cool_off_ends_the_lockout(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, cast.chair.email, "guess", address=ELSEWHERE)
    assert sign_in(client, cast.chair.email, PASSWORD, address=ELSEWHERE).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME * 2)
    response = sign_in(client, cast.chair.email, PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302
    assert signed_in_as(client) == str(cast.chair.pk)


def test_the_admin_sign_in_is_the_portal_sign_in(client, cast):
    """The admin has no password form of its own to guess at: it sends people to the portal's sign-in."""
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")
    for _ in range(10):
        response = sign_in(client, cast.superuser.email, PASSWORD, address=ELSEWHERE, path=reverse("admin:login"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
        assert signed_in_as(client) is None


def test_x_forwarded_for_is_ignored_unless_a_proxy_header_is_configured(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(10):  # a new made-up forwarded address each time does not buy new guesses
        sign_in(client, cast.chair.email, "guess", address=ELSEWHERE, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = sign_in(client, cast.chair.email, PASSWORD, address=ELSEWHERE, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429


def test_a_configured_proxy_header_gives_the_client_address(client, cast, settings):
    """Behind one proxy that appends to X-Forwarded-For (TRUSTED_PROXY_HEADER=X-Forwarded-For): the last
    entry is the one the proxy wrote; whatever the client put before it is ignored."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 3
    proxy = "10.0.0.2"
    for n in range(5):
        sign_in(client, cast.chair.email, "guess", address=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ELSEWHERE}")
    locked = sign_in(client, cast.chair.email, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert locked.status_code == 429
    chair = Client()
    response = sign_in(chair, cast.chair.email, PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=f"{ELSEWHERE}, {HOME}")
    assert response.status_code == 302
    assert signed_in_as(chair) == str(cast.chair.pk)


def test_a_completed_password_reset_lifts_the_lockout(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, cast.chair.email, "guess", address=HOME)
    assert sign_in(client, cast.chair.email, PASSWORD, address=HOME).status_code == 429

    client.post(reverse("password_reset"), {"email": cast.chair.email}, REMOTE_ADDR=HOME)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line).strip()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_url = client.get(path, REMOTE_ADDR=HOME).url
    new = "a-new-and-long-passphrase"
    response = client.post(form_url, {"new_password1": new, "new_password2": new}, REMOTE_ADDR=HOME)
    assert response.url == reverse("password_reset_complete")

    response = sign_in(client, cast.chair.email, new, address=HOME)
    assert response.status_code == 302
    assert signed_in_as(client) == str(cast.chair.pk)


# Password-reset e-mails -----------------------------------------------------------------------------


def reset(client, email, *, address=HOME):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_a_flood_of_reset_requests_for_one_address_sends_at_most_three_emails(client, cast, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 3
    responses = [reset(client, cast.chair.email, address=f"192.0.2.{n}") for n in range(20)]
    assert len(mail.outbox) == 3
    assert {mail.to[0] for mail in mail.outbox} == {cast.chair.email}
    # Every request gets the same answer, so the page reveals neither the limit nor which addresses exist.
    assert {(r.status_code, r.url) for r in responses} == {(302, reverse("password_reset_done"))}
    assert reset(client, "nobody@example.org").url == reverse("password_reset_done")


def test_one_client_address_cannot_send_reset_emails_to_everyone(client, cast, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 10
    users = [UserFactory(email=f"person{n}@example.org") for n in range(20)]
    for user in users:
        assert reset(client, user.email, address=ELSEWHERE).url == reverse("password_reset_done")
    assert len(mail.outbox) == 10
    # Someone else, from their own address, still gets their link.
    reset(client, users[-1].email, address=HOME)
    assert mail.outbox[-1].to == [users[-1].email]
    assert len(mail.outbox) == 11


def test_reset_requests_for_addresses_that_do_not_exist_count_too(client, cast, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 5
    for n in range(5):
        reset(client, f"guess{n}@example.org", address=ELSEWHERE)
    reset(client, cast.chair.email, address=ELSEWHERE)
    assert mail.outbox == []
