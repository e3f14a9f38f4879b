"""The benchmark's yardstick page is routed only when asked for, never in production; the load test only
ever sends requests to 127.0.0.1."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]

ROUTES = (
    "import json, django; django.setup(); from django.urls import resolve, Resolver404\n"
    "try:\n    print(json.dumps(resolve('/bench/trivial/').url_name))\n"
    "except Resolver404:\n    print(json.dumps(None))"
)


def fresh(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"BENCH_VIEWS", "DJANGO_PRODUCTION", "DEBUG"}}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    command = [sys.executable, "-c", code]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def routed(**env: str):
    result = fresh(ROUTES, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_trivial_page_is_not_routed_without_bench_views():
    with pytest.raises(Resolver404):
        resolve("/bench/trivial/")
    assert routed() is None
    assert routed(BENCH_VIEWS="false") is None


def test_the_trivial_page_is_routed_for_the_benchmark_but_never_in_production():
    assert routed(BENCH_VIEWS="true") == "bench_trivial"
    production = {"DJANGO_PRODUCTION": "true", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portal.example.org"}
    assert routed(BENCH_VIEWS="true", **production) is None


@pytest.mark.django_db
def test_the_trivial_page_asks_no_queries_of_its_own(client, django_user_model, django_assert_num_queries, settings):
    from django.urls import clear_url_caches

    import config.urls

    user = django_user_model.objects.create_user(email="reader@example.org", password="a-long-password-1")
    client.force_login(user)
    os.environ["BENCH_VIEWS"] = "true"
    try:
        import importlib

        importlib.reload(config.urls)
        clear_url_caches()
        # The session and the signed-in user (the middleware's, as for every page), two-factor's check.
        with django_assert_num_queries(3):
            response = client.get("/bench/trivial/")
        assert response.status_code == 200
        assert "Signed in as reader@example.org" in response.content.decode()
    finally:
        del os.environ["BENCH_VIEWS"]
        importlib.reload(config.urls)
        clear_url_caches()


# A fresh process: importing locust patches the standard library with gevent, which this one must not be.
LOCUSTFILE_HOSTS = """
import json
from locust.env import Environment
from bench import load, locustfile
users = [*locustfile.LOAD_USERS, locustfile.ratio_reader("/", "session")]
refused = []
for url in ["http://example.org", "https://127.0.0.1:8420", "http://127.0.0.1.example.org", "http://localhost:8420",
            "http://10.0.0.1:8420", ""]:
    try:
        load.local_only(url)
    except ValueError as e:
        refused.append(str(e))
started = []
for host in ["http://portal.example.org", "http://127.0.0.1:8420"]:
    try:
        locustfile._only_here(Environment(user_classes=locustfile.LOAD_USERS, host=host))
        started.append(host)
    except ValueError:
        pass
print(json.dumps({"hosts": sorted({u.host for u in users}), "refused": len(refused), "started": started,
                  "message": refused[0]}))
"""


def test_the_load_test_only_targets_this_machine():
    result = fresh(LOCUSTFILE_HOSTS)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["hosts"] == ["http://127.0.0.1:8420"]
    assert found["refused"] == 6
    assert found["started"] == ["http://127.0.0.1:8420"]
    assert found["message"] == "The load test only runs against http://127.0.0.1, not 'http://example.org'."
