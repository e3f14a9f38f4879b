"""Shared fixtures: a board with one user in each role the permission rules know."""

import datetime
import uuid
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from boards.enums import Role
from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory

pytest_plugins = ["testsupport.browser"]


@pytest.fixture(scope="session")
def _installation_signing_key(tmp_path_factory):
    """One self-signed certificate for the whole run, as ``signing_certificate`` makes for an installation."""
    from meetings.minutes.signing import make_self_signed_certificate

    path = tmp_path_factory.mktemp("signing") / "minutes-signing.p12"
    make_self_signed_certificate(
        path=path, common_name="Governance portal (tests)", organisation="Tests", passphrase="test-passphrase"
    )
    return path


@pytest.fixture
def signing_key(settings, _installation_signing_key):
    """The installation's signing key, for tests that sign minutes (every test has it; name it to say so)."""
    return settings.MINUTES_SIGNING_KEY_FILE


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, tmp_path_factory, _installation_signing_key):
    """Uploaded papers and built packs go to a fresh folder for each test (or, with a bucket configured, a
    fresh prefix in it), and local working files to another; passwords hash quickly; minutes are signed
    with a certificate made for the run."""
    settings.MINUTES_SIGNING_KEY_FILE = _installation_signing_key
    settings.MINUTES_SIGNING_PASSPHRASE = "test-passphrase"
    settings.MINUTES_SIGNING_TRUSTED_CERTS = []
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path_factory.mktemp("work"))  # beside tmp_path, not in it
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # rate-limit counters start from nothing
    if not settings.AWS_STORAGE_BUCKET_NAME:
        yield
        return
    default = settings.STORAGES["default"]
    location = f"tests/{uuid.uuid4().hex}"
    options = {**default["OPTIONS"], "location": location}
    settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    # Files stream through the web process, as the tests of the views read them; test_storage.py covers
    # the signed redirect.
    settings.STORAGE_SIGNED_URL_SECONDS = 0
    yield
    from core.files import stored_files

    stored_files().bucket.objects.filter(Prefix=f"{location}/").delete()


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Tasks run in the test's own process, so what they do (mail, conversions) is seen at once, even in
    the pass with a broker configured; tests marked ``celery_worker`` send theirs to a real worker."""
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _forced_logins_pass_two_factor(monkeypatch):
    """``client.force_login`` skips the password, so it skips the code too: a user with an authenticator app
    is signed in as if they had just given a code from it. Tests of the code step use the real pages."""
    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


class Clock:
    """The time as the code under test reads it (``django.utils.timezone.now``), moved on only by hand."""

    def __init__(self, now: datetime.datetime) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> datetime.datetime:
        self.now += datetime.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """A clock that stands still until the test moves it on: ``clock.advance(seconds=301)``."""
    clock = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@dataclass
class Cast:
    board: object
    coordinator: object
    chair: object
    member: object
    outsider: object
    superuser: object
    other_coordinator: object = None
    outside_lead: object = None
    other_board: object = None

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(db) -> Cast:
    board = BoardFactory(
        name="Chorley, South Ribble & West Lancashire Children's Partnership Board", short_name="CPB", slug="cpb"
    )
    coordinator = UserFactory(email="coordinator@example.org")
    chair = UserFactory(email="chair@example.org")
    member = UserFactory(email="member@example.org")
    outsider = UserFactory(email="outsider@example.org")
    superuser = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True, person=None)
    # Site administrators must use two-factor sign-in: this one has set up an authenticator app.
    TOTPDevice.objects.create(user=superuser, name="Authenticator app", confirmed=True)
    MembershipFactory(board=board, person=coordinator.person, role=Role.COORDINATOR, voting=False)
    MembershipFactory(board=board, person=chair.person, role=Role.CHAIR)
    MembershipFactory(board=board, person=member.person, role=Role.MEMBER)
    MembershipFactory(person=outsider.person)  # a seat on some other board
    # The coordinator of another board: manages that board's people, not this one's.
    other_board = BoardFactory(name="West Lancashire Community Safety Partnership", short_name="CSP", slug="csp")
    other_coordinator = UserFactory(email="other.coordinator@example.org")
    MembershipFactory(board=other_board, person=other_coordinator.person, role=Role.COORDINATOR, voting=False)
    # Someone with a login and no seat anywhere; the meetings tests make them lead an item on this board.
    outside_lead = UserFactory(email="outside.lead@example.org")
    return Cast(
        board,
        coordinator,
        chair,
        member,
        outsider,
        superuser,
        other_coordinator=other_coordinator,
        outside_lead=outside_lead,
        other_board=other_board,
    )
