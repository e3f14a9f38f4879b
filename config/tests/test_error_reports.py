"""Unexpected errors reach the error tracker only when a DSN is set, and say nothing people wrote."""

from __future__ import annotations

import io
import json
import logging
import secrets
from urllib.parse import urlencode

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from config.tests.test_settings import run
from core.error_reports import error_reports_init, scrub_event, scrub_path
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PaperFactory

pytestmark = pytest.mark.django_db

PART_TWO_TITLE = "Redundancy proposals for the Leyland depot"
MINUTES_TEXT = "The Board agreed the proposals in closed session"
# Values the report must not carry are not written near the code that fails: a report does carry the source
# lines around each frame of the stack.


class MemoryTransport(Transport):
    """Keeps the events the SDK would send, in memory: nothing goes over the network."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events: list[dict] = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type in ("event", "transaction"):
                self.events.append(item.payload.json)


@pytest.fixture
def tracker():
    """The error tracker switched on for one test, as the settings do with a DSN, sending into memory."""
    transport = MemoryTransport()
    error_reports_init(
        dsn="https://public@errors.example.org/1", environment="tests", release="portal@1.0", transport=transport
    )
    yield transport
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def through_wsgi(
    method: str,
    path: str,
    *,
    query: str = "",
    form: dict | None = None,
    cookies: dict | None = None,
    headers: dict | None = None,
) -> str:
    """Send one request through the portal's real WSGI application (which the tracker wraps, as in a
    deployment), with a CSRF token for a form; returns the response's status line."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    cookies = dict(cookies or {})
    body = b""
    if form is not None:
        secret = _get_new_csrf_string()
        cookies["csrftoken"] = secret
        body = urlencode({"csrfmiddlewaretoken": _mask_cipher_secret(secret), **form}).encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in (headers or {}).items():
        environ[f"HTTP_{name.upper().replace('-', '_')}"] = value
    status = []
    # As Django's test client does: the test's database connection stays open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = get_wsgi_application()(environ, lambda line, headers, exc_info=None: status.append(line))
        b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return status[0]


@pytest.fixture
def part_two_paper(cast):
    meeting = MeetingFactory(board=cast.board)
    item = AgendaItemFactory(meeting=meeting, confidential=True, exemption_reason="Paragraph 1: an individual")
    return PaperFactory(item=item, title=PART_TWO_TITLE)


def test_an_error_in_the_calendar_feed_is_reported_without_the_token_or_what_was_sent(
    tracker, cast, client, part_two_paper, monkeypatch
):
    from meetings import feeds

    feed = feeds.calendar_feed_for(person=cast.member.person)

    def broken(*args, **kwargs):
        raise RuntimeError(f"Could not put “{part_two_paper.title}” in the calendar")

    monkeypatch.setattr(feeds, "build_calendar", broken)
    status = through_wsgi(
        "GET",
        f"/calendar/{feed.token}.ics",
        query="signature=secret-in-the-query",
        cookies={"sessionid": "secret-session-cookie"},
        headers={"Authorization": "Bearer secret-bearer-token", "X-Request-ID": "proxy-1234abcd"},
    )
    assert status.startswith("500")

    [event] = tracker.events
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert "value" not in exception
    assert exception["stacktrace"]["frames"][-1]["function"] == "broken"
    assert event["request"] == {"url": "http://testserver/calendar/[Filtered].ics", "method": "GET"}
    assert event["environment"] == "tests"
    assert event["release"] == "portal@1.0"
    assert event["tags"] == {"request_id": "proxy-1234abcd"}
    sent = json.dumps(event)
    for secret in (
        feed.token,
        "secret-in-the-query",
        "secret-session-cookie",
        "secret-bearer-token",
        PART_TWO_TITLE,
        "10.1.2.3",
        "cookies",
        "headers",
    ):
        assert secret not in sent


def test_an_error_on_the_action_update_link_sends_no_body_and_only_the_users_id(
    tracker, cast, client, part_two_paper, monkeypatch
):
    from actions.views import link

    def broken(token):
        logging.getLogger("actions").info("Reading a link for %s", PART_TWO_TITLE)  # a breadcrumb, never sent
        raise KeyError(PART_TWO_TITLE)

    monkeypatch.setattr(link, "read_token", broken)
    client.force_login(cast.member)
    token = f"eyJhIjoxLCJwIjoyfQ:1tAbCd:{secrets.token_urlsafe(20)}"
    status = through_wsgi(
        "POST",
        f"/actions/link/{token}/",
        query="posted=1",
        form={"note": MINUTES_TEXT},
        cookies={"sessionid": client.cookies["sessionid"].value},
    )
    assert status.startswith("500")

    [event] = tracker.events
    assert event["exception"]["values"][0]["type"] == "KeyError"
    assert event["request"] == {"url": "http://testserver/actions/link/[Filtered]/", "method": "POST"}
    assert event["user"] == {"id": str(cast.member.pk)}
    assert "breadcrumbs" not in event
    sent = json.dumps(event)
    assert token.rsplit(":", 1)[1] not in sent and "posted" not in sent
    assert client.cookies["sessionid"].value not in sent and "csrf" not in sent
    assert PART_TWO_TITLE not in sent and MINUTES_TEXT not in sent
    assert cast.member.email not in sent


def test_a_logged_error_is_reported_with_the_message_as_the_code_wrote_it(tracker, part_two_paper):
    try:
        raise ValueError(part_two_paper.title)
    except ValueError:
        logging.getLogger("meetings.packs.services").exception("Building pack %s failed: %s", 7, PART_TWO_TITLE)
    [event] = tracker.events
    assert event["logentry"] == {"message": "Building pack %s failed: %s"}
    assert event["logger"] == "meetings.packs.services"
    assert PART_TWO_TITLE not in json.dumps(event)


def test_the_scrubber_keeps_only_what_may_leave():
    event = {
        "event_id": "abc",
        "level": "error",
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": PART_TWO_TITLE,
                    "stacktrace": {
                        "frames": [
                            {"function": "f", "lineno": 3, "filename": "x.py", "vars": {"title": PART_TWO_TITLE}}
                        ]
                    },
                }
            ]
        },
        "request": {
            "url": "https://portal.example.org/accounts/reset/MQ/abc123-0123456789abcdef0123/",
            "method": "GET",
            "query_string": "token=x",
            "cookies": {"sessionid": "s"},
            "headers": {"Authorization": "Bearer y"},
            "data": {"minutes": PART_TWO_TITLE},
            "env": {"REMOTE_ADDR": "10.0.0.1"},
        },
        "user": {"id": "5", "email": "someone@example.org", "ip_address": "10.0.0.1"},
        "extra": {"celery-job": {"args": [PART_TWO_TITLE]}},
        "breadcrumbs": {"values": [{"message": PART_TWO_TITLE}]},
        "contexts": {"runtime": {"name": "CPython"}, "celery": {"args": [PART_TWO_TITLE]}},
    }
    assert scrub_event(event) == {
        "event_id": "abc",
        "level": "error",
        "exception": {
            "values": [
                {"type": "ValueError", "stacktrace": {"frames": [{"function": "f", "lineno": 3, "filename": "x.py"}]}}
            ]
        },
        "request": {"url": "https://portal.example.org/accounts/reset/[Filtered]/[Filtered]/", "method": "GET"},
        "user": {"id": "5"},
        "contexts": {"runtime": {"name": "CPython"}},
    }


@pytest.mark.parametrize(
    ("path", "scrubbed"),
    [
        ("/calendar/AbCdEf0123456789-token.ics", "/calendar/[Filtered].ics"),
        ("/invitations/eyJ1Ijo1fQ:1tAbCd:sig/", "/invitations/[Filtered]/"),
        ("/boards/cpb/", "/boards/cpb/"),
        ("/meetings/12/", "/meetings/12/"),
        ("/no/such/eyJ1Ijo1fQ_1tAbCd_abcdefghijklmnop/page/", "/no/such/[Filtered]/page/"),
    ],
)
def test_secret_parts_of_paths_are_filtered(path, scrubbed):
    assert scrub_path(path) == scrubbed


SHOW_TRACKER = (
    "import django, json, sentry_sdk; django.setup(); c = sentry_sdk.get_client(); "
    "dc = c.options.get('data_collection') or {}; "
    "print(json.dumps({'active': c.is_active(), 'pii': c.should_send_default_pii(), "
    "'user': dc.get('user_info'), 'bodies': dc.get('http_bodies'), 'cookies': dc.get('cookies'), "
    "'locals': dc.get('stack_frame_variables'), "
    "'env': c.options.get('environment'), 'rate': c.options.get('traces_sample_rate'), "
    "'scrubbed': getattr(c.options.get('before_send'), '__name__', None), "
    "'integrations': sorted(k for k in ('django', 'celery') if c.get_integration(k))}))"
)


def show_tracker(**env) -> dict:
    result = run(["-c", SHOW_TRACKER], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_tracker_starts_only_with_a_dsn():
    assert show_tracker(SENTRY_DSN="")["active"] is False
    on = show_tracker(SENTRY_DSN="https://public@127.0.0.1:9/1")
    assert on == {
        "active": True,
        "pii": False,
        "user": False,
        "bodies": [],
        "cookies": {"mode": "off"},
        "locals": False,
        "env": "production",
        "rate": 0.0,
        "scrubbed": "scrub_event",
        "integrations": ["celery", "django"],
    }
    staging = show_tracker(
        SENTRY_DSN="https://public@127.0.0.1:9/1", SENTRY_ENVIRONMENT="staging", SENTRY_TRACES_SAMPLE_RATE="0.05"
    )
    assert (staging["env"], staging["rate"]) == ("staging", 0.05)
