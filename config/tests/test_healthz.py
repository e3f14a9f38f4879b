"""The health check load balancers probe: the database, the broker and the file store, and nothing else."""

import json
import secrets

import pytest
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse

from config.tests.test_settings import run

pytestmark = pytest.mark.django_db

REDIS = "redis://127.0.0.1:6379/13"


class UnreachableStorage(FileSystemStorage):
    """A file store that does not answer, as a bucket does when its endpoint is down or the keys are wrong."""

    def exists(self, name):
        raise ConnectionError("Could not connect to the endpoint URL: https://secret-key@store.example.org/")


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def health(client=None, **extra):
    response = (client or Client()).get(reverse("healthz"), **extra)
    return response, json.loads(response.content)


def test_everything_answering_is_200_ok_and_never_cached(settings):
    settings.CELERY_BROKER_URL = ""
    response, body = health()
    assert response.status_code == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "broker": "in-process", "storage": "ok"}}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response  # no session, no CSRF cookie


@pytest.mark.skipif(not redis_answers(), reason=f"needs Redis at {REDIS}")
def test_a_broker_that_answers_is_ok(settings):
    settings.CELERY_BROKER_URL = REDIS
    response, body = health()
    assert (response.status_code, body["status"], body["checks"]["broker"]) == (200, "ok", "ok")


def test_a_broker_that_does_not_answer_is_503_and_says_which_without_its_address(settings):
    settings.CELERY_BROKER_URL = "redis://:hunter2-password@127.0.0.1:1/0"  # nothing listens on port 1
    response, body = health()
    assert response.status_code == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok" and body["checks"]["storage"] == "ok"
    assert body["checks"]["broker"].startswith("fail: ")
    text = response.content.decode()
    assert "hunter2" not in text and "127.0.0.1" not in text and "Traceback" not in text
    assert response["Cache-Control"] == "no-store"


def test_a_file_store_that_raises_is_503_and_says_which_without_its_message(settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    monkeypatch.setattr("config.views.stored_files", UnreachableStorage)
    response, body = health()
    assert response.status_code == 503
    assert body == {
        "status": "fail",
        "checks": {"database": "ok", "broker": "in-process", "storage": "fail: ConnectionError"},
    }
    assert "secret-key" not in response.content.decode() and "store.example.org" not in response.content.decode()


def test_a_media_root_that_cannot_be_written_is_503(settings, tmp_path, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    media = tmp_path / "media" / "papers"  # not made yet: made on the first upload
    monkeypatch.setattr("config.views.stored_files", lambda: FileSystemStorage(location=media))
    assert health()[0].status_code == 200
    (tmp_path / "media").write_text("a file where the folder should be")
    response, body = health()
    assert (response.status_code, body["checks"]["storage"]) == (503, "fail: PermissionError")


def test_a_probe_costs_one_query_the_database_check_and_no_session(settings, django_assert_num_queries):
    settings.CELERY_BROKER_URL = ""
    with django_assert_num_queries(1) as queries:
        response, body = health()
    assert queries.captured_queries[0]["sql"] == "SELECT 1"
    assert (response.status_code, body["status"]) == (200, "ok")


def test_anonymous_and_only_reading(settings):
    settings.CELERY_BROKER_URL = ""
    client = Client(enforce_csrf_checks=True)
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405


def test_production_answers_a_plain_http_probe_rather_than_redirecting_and_passes_the_deploy_check(signing_key):
    probe = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', HTTP_HOST='10.0.0.5'); "
        "s = Client().get('/accounts/login/', HTTP_HOST='10.0.0.5'); "
        "print(json.dumps([r.status_code, r.get('Location'), s.status_code]))"
    )
    env = {
        "DJANGO_PRODUCTION": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "portal.example.org,10.0.0.5",
        "CELERY_BROKER_URL": "",
        "MINUTES_SIGNING_KEY_FILE": str(signing_key),
        "MINUTES_SIGNING_PASSPHRASE": "test-passphrase",
    }
    result = run(["-c", probe], **env)
    assert result.returncode == 0, result.stderr
    status, location, other = json.loads(result.stdout.strip().splitlines()[-1])
    assert location is None and status in (200, 503)  # answered over plain HTTP (503 only if no database)
    assert other == 301  # every other page still goes to HTTPS
    deploy = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
