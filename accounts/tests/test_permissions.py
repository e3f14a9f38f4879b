"""Every sign-in page, for every role: who reaches it, who is sent elsewhere."""

import pytest
from django.urls import reverse

from boards.tests.test_permissions import ROLES

pytestmark = pytest.mark.django_db

OK, LOGIN, REDIRECT, NOT_ALLOWED = 200, 302, 302, 405
ALL_SIGNED_IN_OK = [LOGIN, OK, OK, OK, OK, OK, OK, OK]

# (url name, expected per role in ROLES order). The superuser of the cast has an authenticator app already,
# so the set-up page sends them to the overview; recovery codes are shown only straight after they are made.
TABLE = [
    ("accounts:two_factor", ALL_SIGNED_IN_OK),
    ("accounts:two_factor_setup", [LOGIN, OK, OK, OK, OK, REDIRECT, OK, OK]),
    ("accounts:recovery_codes", [LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT]),
    ("accounts:two_factor_off", [LOGIN, *[NOT_ALLOWED] * 7]),
    # The code step belongs to a password step (anonymous: sent to it); signed in and verified, or without an
    # app, there is nothing to prove and it sends people on to the dashboard.
    ("accounts:sign_in_code", [REDIRECT] * 8),
]
CASES = [(name, role, expected[i]) for name, expected in TABLE for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("name", "role", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_url_access_by_role(client, cast, name, role, expected):
    user = cast.user(role)
    if user:
        client.force_login(user)
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == expected, f"{role} GET {url}"
    if expected == LOGIN and role == "anonymous":
        assert response.url.startswith(reverse("login"))
    if name == "accounts:sign_in_code" and role != "anonymous":
        assert response.url == reverse("dashboard")
