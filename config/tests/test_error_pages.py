import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_not_found_pages_say_why_when_the_portal_knows(client, cast):
    import datetime

    from core.permissions import SYSTEM
    from meetings import services

    meeting = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 1, 9), start_time=datetime.time(10)
    )
    response = client.get(reverse("meetings:pack_issued", args=[meeting.pk, "public"]))
    assert response.status_code == 404
    assert "This pack has not been issued yet." in response.content.decode()
    response = client.get("/no-such-page/")
    assert "the link may be mistyped" in response.content.decode()
    assert reverse("dashboard") in response.content.decode()


def test_security_headers_and_content_security_policy(client):
    response = client.get(reverse("login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
