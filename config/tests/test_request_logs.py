"""Log lines say which request or task wrote them; every response says its request's id."""

from __future__ import annotations

import contextlib
import io
import json
import logging

import pytest

from config.tests.test_settings import run
from core.logging import ContextFilter, JsonFormatter, TextFormatter, request_id_var, task_id_var

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def capture_json_lines():
    """What the root logger writes in the block, through the JSON handler the settings configure when
    ``LOG_FORMAT=json``, read back as one dict per line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


@pytest.fixture
def json_lines():
    with capture_json_lines() as lines:
        yield lines


@pytest.fixture
def logs_while_looking_up_the_feed(monkeypatch):
    """The "my calendar" page writes a log line while it handles the request."""
    from meetings import feeds

    real = feeds.calendar_feed_for

    def logging_lookup(*, person):
        logging.getLogger("meetings.feeds").info("Looking up the calendar feed of person %s", person.pk)
        return real(person=person)

    monkeypatch.setattr(feeds, "calendar_feed_for", logging_lookup)


def test_a_requests_log_lines_carry_its_id_and_the_response_says_it(
    client, cast, json_lines, logs_while_looking_up_the_feed
):
    client.force_login(cast.member)
    first = client.get("/calendar/")
    second = client.get("/calendar/")
    assert first.status_code == second.status_code == 200
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert len(ids[0]) == 32 and ids[0] != ids[1]
    lines = [line for line in json_lines() if line["logger"] == "meetings.feeds"]
    assert [(line["request_id"], line["user_id"], line["task_id"]) for line in lines] == [
        (ids[0], cast.member.pk, None),
        (ids[1], cast.member.pk, None),
    ]
    assert lines[0]["message"] == f"Looking up the calendar feed of person {cast.member.person.pk}"
    assert lines[0]["level"] == "INFO"
    assert lines[0]["time"].endswith("+00:00")
    # Nothing is left behind for whatever the process logs next.
    assert request_id_var.get() is None


def test_djangos_own_line_for_a_missing_page_carries_the_requests_id(client, json_lines):
    response = client.get("/no-such-page/", headers={"X-Request-ID": "proxy-1234abcd"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "proxy-1234abcd"
    [line] = [line for line in json_lines() if line["logger"] == "django.request"]
    assert (line["level"], line["message"]) == ("WARNING", "Not Found: /no-such-page/")
    assert line["request_id"] == "proxy-1234abcd"


@pytest.mark.parametrize(
    "hostile",
    [
        "a" * 200,  # too long
        "abcdefgh\nINFO forged log line",  # a new line
        "abc def ghi jkl",  # spaces
        "<script>alert(1)</script>",
        "short",  # too short to be anyone's id
    ],
)
def test_a_hostile_request_id_is_replaced(client, json_lines, hostile):
    response = client.get("/no-such-page/", headers={"X-Request-ID": hostile})
    given = response.headers["X-Request-ID"]
    assert given != hostile
    assert len(given) == 32 and given.isalnum()
    [line] = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == given


def test_a_tasks_log_lines_carry_its_task_id(json_lines):
    from config.celery import app

    @app.task(name="core.tests.log_something")
    def log_something(word):
        logging.getLogger("core.tests").warning("Task says %s", word)
        return word

    result = log_something.apply_async(args=["hello"])  # in-process, as without a broker
    assert result.get() == "hello"
    [line] = [line for line in json_lines() if line["logger"] == "core.tests"]
    assert (line["message"], line["task_id"], line["request_id"]) == ("Task says hello", result.id, None)
    assert task_id_var.get() is None


def test_a_task_queued_by_a_request_keeps_the_requests_id_and_gets_its_own(json_lines):
    from core.logging import task_finished, task_started

    token = request_id_var.set("request-abcdef12")
    try:
        task_started("task-1")
        logging.getLogger("core.tests").warning("inside")
        task_finished("task-1")
        logging.getLogger("core.tests").warning("after")
    finally:
        request_id_var.reset(token)
    lines = [(line["message"], line["request_id"], line["task_id"]) for line in json_lines()]
    assert lines == [("inside", "request-abcdef12", "task-1"), ("after", "request-abcdef12", None)]


def test_a_worker_reads_the_request_id_the_task_was_queued_with(json_lines):
    """On a worker, the id arrives in the task's headers (put there as it was sent)."""
    from core.logging import on_before_task_publish, on_task_postrun, on_task_prerun

    headers = {}
    token = request_id_var.set("request-abcdef12")
    try:
        on_before_task_publish(headers=headers)
    finally:
        request_id_var.reset(token)
    assert headers == {"request_id": "request-abcdef12"}

    class Task:
        class request:
            request_id = "request-abcdef12"

    on_task_prerun(task_id="task-2", task=Task)
    logging.getLogger("core.tests").warning("on the worker")
    on_task_postrun(task_id="task-2")
    [line] = json_lines()
    assert (line["request_id"], line["task_id"]) == ("request-abcdef12", "task-2")
    assert request_id_var.get() is None and task_id_var.get() is None


def test_json_lines_hold_the_traceback_as_text():
    record = None
    try:
        raise ValueError("the reason")
    except ValueError:
        import sys

        record = logging.LogRecord("core.tests", logging.ERROR, __file__, 1, "Failed: %s", ("x",), sys.exc_info())
    ContextFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Failed: x"
    assert entry["exc_info"].startswith("Traceback (most recent call last):")
    assert "ValueError: the reason" in entry["exc_info"]
    assert "\n" not in JsonFormatter().format(record)


def test_plain_lines_name_the_request_when_there_is_one():
    record = logging.LogRecord("core.tests", logging.INFO, __file__, 1, "Hello", (), None)
    token = request_id_var.set("request-abcdef12")
    try:
        ContextFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert TextFormatter().format(record) == "INFO core.tests [request request-abcdef12] Hello"
    ContextFilter().filter(record)
    assert TextFormatter().format(record) == "INFO core.tests Hello"


SHOW_FORMAT = (
    "import django, logging; django.setup(); "
    "print(type(logging.getLogger().handlers[0].formatter).__name__); "
    "logging.getLogger('portal').warning('Ready')"
)


def test_logs_are_json_in_production_and_plain_otherwise(_installation_signing_key):
    plain = run(["-c", SHOW_FORMAT])
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip() == "TextFormatter"
    assert plain.stderr.strip() == "WARNING portal Ready"
    production = run(
        ["-c", SHOW_FORMAT],
        DJANGO_PRODUCTION="true",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip() == "JsonFormatter"
    entry = json.loads(production.stderr.strip().splitlines()[-1])
    assert (entry["level"], entry["logger"], entry["message"]) == ("WARNING", "portal", "Ready")
    forced = run(["-c", SHOW_FORMAT], LOG_FORMAT="json")
    assert forced.stdout.strip() == "JsonFormatter"


@pytest.mark.celery_worker
def test_a_worker_logs_the_task_id_and_the_id_of_the_request_that_queued_it():
    """A real worker on Redis (database 15): the request's id travels in the task's headers."""
    import time
    import uuid

    import redis
    from celery.contrib.testing.worker import start_worker

    from config.celery import app
    from testsupport.tasks import broker_at

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    queue = f"test-logs-{uuid.uuid4().hex[:8]}"

    @app.task(name="config.tests.log_on_a_worker")
    def log_on_a_worker(word):
        logging.getLogger("config.tests.worker").warning("Worker says %s", word)

    # The handler goes on once the worker has started: starting it sets up Django, and so its logging, afresh.
    with (
        broker_at(url),
        start_worker(app, perform_ping_check=False, pool="solo", queues=[queue]),
        capture_json_lines() as json_lines,
    ):
        token = request_id_var.set("request-from-the-web")
        try:
            result = log_on_a_worker.apply_async(args=["hello"], queue=queue)
        finally:
            request_id_var.reset(token)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            lines = [line for line in json_lines() if line["logger"] == "config.tests.worker"]
            if lines:
                break
            time.sleep(0.1)
    assert [(line["message"], line["task_id"], line["request_id"]) for line in lines] == [
        ("Worker says hello", result.id, "request-from-the-web")
    ]
