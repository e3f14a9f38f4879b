"""The users of the load test (:mod:`bench.load`): members, the public and coordinators, at 127.0.0.1 only.

The plan (who signs in, which meetings and papers each reads, which agenda each coordinator rearranges) is
the JSON file named by ``BENCH_LOAD_PLAN``, written by :func:`bench.load.make_plan` from the data. Everyone
who signs in does so through the real sign-in form with its CSRF token. A request counts as a failure when
it answers anything the task did not expect (any status outside 2xx/3xx, or a page that is not the one
asked for, such as the sign-in form instead of the dashboard).

Run by ``bench/run.py --load-only``; by hand (gunicorn already serving the bench's database with
``BENCH_VIEWS=true``): ``BENCH_LOAD_PLAN=plan.json locust -f bench/locustfile.py --headless -u 10 -r 10 -t 30s
--host http://127.0.0.1:8420``.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

from locust import HttpUser, between, events, task

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.load import LOCAL_HOST, PORT, local_only  # noqa: E402 (after the path is set)

HOST = f"http://{LOCAL_HOST}:{PORT}"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
AGENDA_VERSION = re.compile(r'id="agenda-version" name="agenda_version" value="(\d+)"')


def load_plan() -> dict:
    path = os.environ.get("BENCH_LOAD_PLAN")
    return json.loads(Path(path).read_text()) if path else {"members": [], "coordinators": [], "public": []}


PLAN = load_plan()
#: How many users have finished starting (signed in, builder read): the driver counts only after all have.
STARTED = {"users": 0}
_members = itertools.cycle(PLAN["members"] or [None])
_coordinators = itertools.cycle(PLAN["coordinators"] or [None])


@events.test_start.add_listener
def _only_here(environment, **kwargs):
    """Refuse to start against any host but 127.0.0.1, whatever --host says."""
    local_only(environment.host or HOST)


class LocalUser(HttpUser):
    """A user of the portal on this machine only."""

    abstract = True
    host = HOST

    def on_start(self):
        local_only(self.host)

    def started(self) -> None:
        STARTED["users"] += 1

    def sign_in(self, email: str, password: str) -> None:
        """The sign-in form, as a person fills it in: the page (and its CSRF token), then the post."""
        page = self.client.get("/accounts/login/", name="sign in (form)")
        token = CSRF_FIELD.search(page.text)
        with self.client.post(
            "/accounts/login/",
            data={"username": email, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
            catch_response=True,
        ) as response:
            if response.url.rstrip("/").endswith("/accounts/login") or "sessionid" not in self.client.cookies:
                response.failure(f"{email} was not signed in")

    def read(self, path: str, *, name: str, expect: str = "") -> None:
        """GET ``path``; a failure unless it answers 2xx/3xx and, when given, contains ``expect``."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if not response.ok:
                response.failure(f"{response.status_code} from {path}")
            elif "/accounts/login/" in response.url and "/accounts/login/" not in path:
                response.failure(f"{path} sent to the sign-in form")
            elif expect and expect not in response.text:
                response.failure(f"{path} did not show {expect!r}")


class Member(LocalUser):
    """A board member: the dashboard, a meeting page, a paper, their actions."""

    weight = 6
    wait_time = between(0.5, 2)

    def on_start(self):
        super().on_start()
        self.me = next(_members)
        self.sign_in(self.me["email"], self.me["password"])
        self.started()

    @task(4)
    def dashboard(self):
        self.read("/", name="dashboard", expect="Your dashboard")

    @task(3)
    def meeting(self):
        self.read(random.choice(self.me["meetings"]), name="meeting page")

    @task(2)
    def paper(self):
        with self.client.get(
            random.choice(self.me["papers"]),
            name="paper (download)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or not response.content.startswith(b"%PDF"):
                response.failure(f"{response.status_code}: not a PDF")

    @task(2)
    def my_actions(self):
        self.read("/my/actions/", name="my actions", expect="actions")


class Public(LocalUser):
    """Someone not signed in, reading the public pages of meetings."""

    weight = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        super().on_start()
        self.started()

    @task
    def public_meeting(self):
        self.read(random.choice(PLAN["public"]), name="public meeting page")


class Coordinator(LocalUser):
    """A board's coordinator rearranging a draft agenda with the builder's Up and Down buttons (htmx)."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        self.me = next(_coordinators)
        self.sign_in(self.me["email"], self.me["password"])
        self.version = None
        self.builder()
        self.started()

    def builder(self):
        with self.client.get(self.me["builder"], name="agenda builder", catch_response=True) as response:
            found = AGENDA_VERSION.search(response.text)
            if response.status_code != 200 or not found:
                response.failure(f"{response.status_code}: no agenda version on the builder page")
                return
            self.version = found.group(1)
            self.csrf = CSRF_FIELD.search(response.text).group(1)

    @task
    def move(self):
        if self.version is None:
            self.builder()
            return
        item = random.choice(self.me["items"])
        direction = random.choice(["up", "down"])
        url = f"/meetings/{self.me['meeting']}/agenda/{item}/move/{direction}/"
        with self.client.post(
            url,
            data={"agenda_version": self.version, "csrfmiddlewaretoken": self.csrf},
            headers={"HX-Request": "true", "Referer": self.host + self.me["builder"], "X-CSRFToken": self.csrf},
            name="move agenda item",
            catch_response=True,
        ) as response:
            found = AGENDA_VERSION.search(response.text)
            # 409: the agenda changed since this page was read (the stale-edit guard); the fragment sent back
            # carries the new version, as in the browser. Expected, so not a failure.
            if response.status_code in (200, 409) and found:
                self.version = found.group(1)
                response.success()
            else:
                response.failure(f"{response.status_code}: the agenda did not come back")


#: The users of the load test, in the proportions of their weights.
LOAD_USERS = [Member, Public, Coordinator]


def sign_in(host: str, email: str, password: str) -> str:
    """Sign ``email`` in through the form once (plain ``requests``) and return the session cookie, which every
    :class:`RatioReader` then shares: one signed-in member."""
    import requests

    local_only(host)
    session = requests.Session()
    page = session.get(host + "/accounts/login/", timeout=30)
    token = CSRF_FIELD.search(page.text).group(1)
    session.post(
        host + "/accounts/login/",
        data={"username": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": host + "/accounts/login/"},
        timeout=30,
    )
    if "sessionid" not in session.cookies:
        raise SystemExit(f"{email} could not sign in at {host}")
    return session.cookies["sessionid"]


class RatioReader(LocalUser):
    """For ``page_ratio``: one page (``path``) over and over, as the one member whose session it is given,
    with no pause between requests (a closed loop). Abstract, so never part of the load test's mix:
    :func:`ratio_reader` makes the one for a page."""

    abstract = True
    session_cookie = ""
    path = "/"

    def wait_time(self):
        return 0

    def on_start(self):
        super().on_start()
        self.client.cookies.set("sessionid", self.session_cookie)
        self.started()

    @task
    def page(self):
        self.read(self.path, name=self.path)


def ratio_reader(path: str, session_cookie: str) -> type[RatioReader]:
    """The reader of one page for ``page_ratio``, with the signed-in member's session."""
    return type("RatioReader", (RatioReader,), {"abstract": False, "path": path, "session_cookie": session_cookie})
