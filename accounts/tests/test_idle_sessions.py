"""A session left idle for SESSION_IDLE_MINUTES (8 hours unless configured) is signed out."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY

pytestmark = pytest.mark.django_db


def idle_for(client, minutes: float) -> None:
    """Move the session's last-activity stamp back, as if the person had walked away that long ago."""
    session = client.session
    session[LAST_ACTIVITY] = int(time.time() - minutes * 60)
    session.save()


def test_signing_in_starts_the_clock(client, cast):
    client.force_login(cast.member)
    assert abs(client.session[LAST_ACTIVITY] - time.time()) < 5


def test_default_idle_time_is_eight_hours(settings):
    assert settings.SESSION_IDLE_MINUTES == 480


def test_a_session_idle_for_longer_than_the_limit_is_signed_out(client, cast):
    client.force_login(cast.member)
    idle_for(client, 8 * 60 + 1)
    response = client.get(reverse("boards:board_list"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('boards:board_list')}"
    assert SESSION_KEY not in client.session
    page = client.get(response.url).content.decode()
    assert "You were signed out after 8 hours without activity" in page
    # Signed out for good: the next request is anonymous too.
    assert client.get(reverse("boards:board_list")).url.startswith(reverse("login"))


def test_activity_within_the_limit_keeps_the_session_and_restarts_the_clock(client, cast):
    client.force_login(cast.member)
    idle_for(client, 8 * 60 - 1)
    assert client.get(reverse("boards:board_list")).status_code == 200
    assert abs(client.session[LAST_ACTIVITY] - time.time()) < 5
    idle_for(client, 8 * 60 - 1)
    assert client.get(reverse("boards:board_list")).status_code == 200


def test_the_idle_limit_is_configurable(client, cast, settings):
    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(cast.chair)
    idle_for(client, 29)
    assert client.get(reverse("dashboard")).status_code == 200
    idle_for(client, 31)
    response = client.get(reverse("dashboard"))
    assert response.url.startswith(reverse("login"))
    assert "You were signed out after 30 minutes without activity" in client.get(response.url).content.decode()


def test_an_htmx_request_from_an_idle_session_sends_the_whole_page_to_sign_in(client, cast):
    client.force_login(cast.member)
    idle_for(client, 9 * 60)
    response = client.get(reverse("boards:person_list"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == f"{reverse('login')}?next={reverse('boards:person_list')}"
    assert SESSION_KEY not in client.session


def test_a_quick_succession_of_pages_does_not_write_the_session_each_time(client, cast):
    client.force_login(cast.member)
    client.get(reverse("dashboard"))
    stamp = client.session[LAST_ACTIVITY]
    session = client.session
    session[LAST_ACTIVITY] = stamp - 30  # half a minute ago: not worth a write
    session.save()
    client.get(reverse("dashboard"))
    assert client.session[LAST_ACTIVITY] == stamp - 30
