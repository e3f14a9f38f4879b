"""Shared fixtures: a board with one user in each role the permission rules know."""

from dataclasses import dataclass

import pytest

from boards.enums import Role
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory

pytest_plugins = ["testsupport.browser"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded papers and built packs go to a fresh folder for each test; passwords hash quickly."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Cast:
    board: object
    coordinator: object
    chair: object
    member: object
    outsider: object
    superuser: object

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(db) -> Cast:
    board = BoardFactory(name="Chorley, South Ribble & West Lancashire Children's Partnership Board",
                         short_name="CPB", slug="cpb")
    coordinator = UserFactory(email="coordinator@example.org")
    chair = UserFactory(email="chair@example.org")
    member = UserFactory(email="member@example.org")
    outsider = UserFactory(email="outsider@example.org")
    superuser = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True, person=None)
    MembershipFactory(board=board, person=coordinator.person, role=Role.COORDINATOR, voting=False)
    MembershipFactory(board=board, person=chair.person, role=Role.CHAIR)
    MembershipFactory(board=board, person=member.person, role=Role.MEMBER)
    MembershipFactory(person=outsider.person)  # a seat on some other board
    return Cast(board, coordinator, chair, member, outsider, superuser)
