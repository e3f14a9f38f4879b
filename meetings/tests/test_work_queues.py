"""The work queues page of the admin: pack builds and paper conversions, for site administrators only."""

from __future__ import annotations

import datetime
import re

import pytest
import redis
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards.tests.factories import UserFactory
from meetings.enums import PackEdition, PackStatus, PaperStatus
from meetings.models import PackBuild, Paper
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, PackBuildFactory, PaperFactory
from meetings.work_queues import broker_queue, work_queues

pytestmark = pytest.mark.django_db

URL = "/admin/meetings/packbuild/queues/"
PART_TWO_TITLE = "Settlement with the former director"


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def build(meeting, *, status, created, heard=None, finished=None, **fields) -> PackBuild:
    row = PackBuildFactory(meeting=meeting, number=None, status=status, heartbeat_at=heard, **fields)
    PackBuild.objects.filter(pk=row.pk).update(created_at=created, finished_at=finished)
    row.refresh_from_db()
    return row


def paper(item, *, status, uploaded, title, reason="") -> Paper:
    row = PaperFactory(item=item, title=title)
    Paper.everything.filter(pk=row.pk).update(
        status=status, refusal_reason=reason, uploaded_at=uploaded, original_name=f"{title}.docx"
    )
    row.refresh_from_db()
    return row


@pytest.fixture
def work(cast):
    """Builds and conversions in every state, on two boards, one paper of them in Part II."""
    meeting = MeetingFactory(board=cast.board)
    other = MeetingFactory(board=cast.other_board)
    rows = {
        "queued": build(meeting, status=PackStatus.QUEUED, created=ago(seconds=30), heard=ago(seconds=30)),
        "running": build(
            other,
            status=PackStatus.RUNNING,
            created=ago(minutes=1),
            heard=ago(seconds=5),
            stage="Stamping page numbers",
            percent=40,
            attempts=2,
            edition=PackEdition.PUBLIC,
        ),
        "stalled": build(meeting, status=PackStatus.RUNNING, created=ago(hours=2), heard=ago(hours=1), attempts=1),
        "failed": build(
            meeting,
            status=PackStatus.FAILED,
            created=ago(hours=3),
            finished=ago(hours=2),
            error="“Budget.pdf” cannot be read.",
            attempts=1,
        ),
        "failed_long_ago": build(
            meeting, status=PackStatus.FAILED, created=ago(days=3), finished=ago(days=3), error="Old"
        ),
        "done": build(meeting, status=PackStatus.DONE, created=ago(minutes=5), finished=ago(minutes=4)),
    }
    item = AgendaItemFactory(meeting=meeting)
    secret_item = AgendaItemFactory(meeting=meeting, confidential=True, exemption_reason="Paragraph 1: an individual")
    rows["converting"] = paper(item, status=PaperStatus.CONVERTING, uploaded=ago(minutes=2), title="Budget monitoring")
    rows["refused"] = paper(
        secret_item,
        status=PaperStatus.REFUSED,
        uploaded=ago(hours=1),
        title=PART_TWO_TITLE,
        reason="“Settlement.docx” could not be converted: LibreOffice took too long.",
    )
    rows["refused_long_ago"] = paper(
        item, status=PaperStatus.REFUSED, uploaded=ago(days=2), title="Old refusal", reason="Too old"
    )
    rows["ready"] = PaperFactory(item=item, title="Ready paper")
    return rows


def test_the_counts_and_rows_are_those_of_the_last_day_newest_first(cast, work):
    queues = work_queues(user=cast.superuser)
    assert (queues.packs_waiting, queues.packs_running, queues.packs_stalled, queues.packs_failed) == (1, 2, 1, 1)
    assert (queues.papers_converting, queues.papers_failed) == (1, 1)
    assert queues.packs_in_progress == [work["queued"], work["running"], work["stalled"]]
    assert queues.packs_failed_rows == [work["failed"]]
    assert queues.papers_converting_rows == [work["converting"]]
    assert queues.papers_failed_rows == [work["refused"]]


def test_the_rows_are_bounded(cast, work):
    queues = work_queues(user=cast.superuser, limit=2)
    assert queues.packs_in_progress == [work["queued"], work["running"]]
    assert queues.packs_waiting + queues.packs_running == 3  # the counts are not bounded


def test_the_page_shows_each_row_with_its_stage_attempts_and_error(client, cast, work, settings):
    settings.CELERY_BROKER_URL = ""  # as with `make run`: the broker's line says there is none
    client.force_login(cast.superuser)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Waiting for a worker 1 Being built 2" in text
    assert "Failed in the last day 1" in text
    assert "Waiting or being converted 1 Refused in the last day 1" in text
    running = work["running"]
    assert f"{cast.other_board.display_short_name} Public edition Building" in text
    assert "Stamping page numbers 40% 2" in text
    assert text.count("(stopped: not heard of for too long)") == 1  # the stalled build, not the others
    assert "“Budget.pdf” cannot be read." in text
    # Site administrators see everything: a refused Part II paper is named, with the reason.
    assert f"{PART_TWO_TITLE} {PART_TWO_TITLE}.docx" in text
    assert "LibreOffice took too long." in text
    assert "Old refusal" not in text and "Ready paper" not in text
    assert f'href="{running.meeting.get_absolute_url()}"' in page
    assert "No broker is configured" in text
    # Accessible: one main heading, sections with headings, column headers, a way back.
    assert page.count("<h1") == 1 and "<h1>Work queues</h1>" in page
    content = page.split('id="content-main"', 1)[1]
    assert content.count('<th scope="col">') == 9 + 8 + 5 + 6
    assert content.count("<h2") == 3 and content.count("<h3") == 4
    assert 'href="/admin/">Back to the site administration</a>' in page


def test_the_admin_index_links_to_the_page_for_site_administrators(client, cast):
    client.force_login(cast.superuser)
    page = client.get("/admin/").content.decode()
    assert f'<a href="{URL}">Work queues: agenda packs being built' in page


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("coordinator", 302), ("member", 302), ("staff", 403), ("superuser", 200)],
)
def test_only_site_administrators_see_the_page(client, cast, work, role, expected):
    user = UserFactory(email="staff@example.org", is_staff=True) if role == "staff" else cast.user(role)
    if user is not None:
        client.force_login(user)
    response = client.get(URL)
    assert response.status_code == expected
    if expected == 302:
        assert response.headers["Location"].startswith(("/accounts/login/", "/admin/login/"))
    if role != "superuser":
        assert PART_TWO_TITLE not in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_the_selectors_refuse_anyone_else(cast, role):
    with pytest.raises(PermissionDenied, match="Only site administrators"):
        work_queues(user=cast.user(role))
    with pytest.raises(PermissionDenied):
        broker_queue(user=cast.user(role))


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(client, cast, work):
    client.force_login(cast.superuser)
    client.get(URL)  # the session and two-factor device, loaded once
    few = page_queries(client)
    for n in range(6):
        meeting = MeetingFactory(board=cast.other_board if n % 2 else cast.board)
        build(meeting, status=PackStatus.RUNNING, created=ago(minutes=n), heard=ago(seconds=n))
        build(meeting, status=PackStatus.FAILED, created=ago(hours=1), finished=ago(minutes=30), error="Broken")
        paper(AgendaItemFactory(meeting=meeting), status=PaperStatus.CONVERTING, uploaded=ago(minutes=n), title=f"P{n}")
        paper(
            AgendaItemFactory(meeting=meeting),
            status=PaperStatus.REFUSED,
            uploaded=ago(minutes=n),
            title=f"R{n}",
            reason="Refused",
        )
    assert page_queries(client) == few


@pytest.fixture
def redis_queue(settings):
    """A broker in Redis database 15, with three tasks waiting on the default queue."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1)
    try:
        client.delete("celery")
        client.rpush("celery", "task-1", "task-2", "task-3")
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    yield
    client.delete("celery")


def test_the_brokers_queue_length_is_shown(client, cast, redis_queue):
    client.force_login(cast.superuser)
    response = client.get(URL)
    assert "3 tasks waiting on the queue “celery”." in response.content.decode()


def test_a_broker_that_does_not_answer_never_fails_the_page(client, cast, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens there
    client.force_login(cast.superuser)
    started = timezone.now()
    response = client.get(URL)
    assert response.status_code == 200
    assert "The task broker did not answer within half a second." in response.content.decode()
    assert timezone.now() - started < datetime.timedelta(seconds=5)
