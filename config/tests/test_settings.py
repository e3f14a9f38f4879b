"""Settings read from the environment: what a fresh process gets with and without each variable."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'DEBUG': settings.DEBUG, 'header': settings.AXES_IPWARE_META_PRECEDENCE_ORDER, "
    "'count': settings.AXES_IPWARE_PROXY_COUNT}))"
)


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "DJANGO_PRODUCTION",
            "DJANGO_SETTINGS_MODULE",
            "TRUSTED_PROXY_HEADER",
            "TRUSTED_PROXY_COUNT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests set it in this process; a deployment never does
        }
    }
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def settings_in_fresh_process(**env: str) -> dict:
    result = run(["-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def debug_in_fresh_process(**env: str) -> bool:
    return settings_in_fresh_process(**env)["DEBUG"]


def test_debug_is_off_unless_turned_on():
    assert debug_in_fresh_process() is False
    assert debug_in_fresh_process(DEBUG="true") is True
    assert debug_in_fresh_process(DEBUG="false") is False


def test_make_run_turns_debug_on_for_the_demo_server():
    makefile = (ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=true $(PY) manage.py runserver" in run_recipe


def test_deployment_checks_pass_in_production_mode(_installation_signing_key):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
        # Production names the installation's signing key (the deployment check warns without one).
        MINUTES_SIGNING_KEY_FILE=str(_installation_signing_key),
        MINUTES_SIGNING_PASSPHRASE="test-passphrase",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_client_address_comes_from_remote_addr_unless_a_proxy_header_is_named():
    assert settings_in_fresh_process() | {"DEBUG": None} == {"DEBUG": None, "header": ["REMOTE_ADDR"], "count": None}
    named = settings_in_fresh_process(TRUSTED_PROXY_HEADER="X-Forwarded-For")
    assert (named["header"], named["count"]) == (["HTTP_X_FORWARDED_FOR"], 0)
    two = settings_in_fresh_process(TRUSTED_PROXY_HEADER="HTTP_X_FORWARDED_FOR", TRUSTED_PROXY_COUNT="2")
    assert (two["header"], two["count"]) == (["HTTP_X_FORWARDED_FOR"], 1)


def test_deployment_checks_warn_when_minutes_cannot_be_signed(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
        MINUTES_SIGNING_KEY_FILE=str(tmp_path / "absent.p12"),
    )
    assert result.returncode != 0 and "meetings.W001" in result.stdout + result.stderr
