"""``load_rps``, ``load_p95_ms``, ``load_errors`` and ``page_ratio``: the portal under load, through gunicorn.

Run by ``bench/run.py --load-only`` (and by the default run), from the repository root:

1. :func:`prepare` makes two PostgreSQL databases of the bench's own: ``portal_bench_small`` (migrated, then
   ``load_demo --no-pack``) and ``portal_bench_load``, a copy of it with ``load_scale`` added (40 boards,
   3,000 people, 2,400 meetings: the size of a large county's partnership). :mod:`bench.pages` reads both.
2. :func:`plan` picks, in a child process on the large database, who signs in and what they read: members
   with seats and meetings (the demo's member and members of the made-up boards), the meetings and papers
   each may read (every address checked to answer 200 for that person first), the public meetings, and for
   each coordinator a draft meeting of their own board whose items they move (one meeting each, so two
   coordinators never race for the same agenda's version).
3. :func:`serve` starts gunicorn with two workers on 127.0.0.1 (``config.wsgi``, DEBUG off, plain HTTP as
   outside production, the web workers sharing a Redis cache as in production, ``BENCH_VIEWS=true`` for the
   trivial page of the comparison).
4. :func:`drive`, in a child process of its own (locust patches the standard library with gevent when it is
   imported): locust's library API runs the users of ``bench/locustfile.py`` — ``USERS`` of them, signed in
   through the real sign-in form — for ``SECONDS`` after a warm-up (the statistics are reset when it ends,
   so the sign-ins' password hashing is not counted). Then, for ``page_ratio``, the same number of users,
   all with the one session of one signed-in member, read the dashboard and then the trivial page
   (``/bench/trivial/``, a template with no queries of its own) for ``RATIO_SECONDS`` each, twice in turn;
   ``page_ratio`` is the dashboard's requests a second over the trivial page's (goal >= 0.5).

Only 127.0.0.1 is ever asked: :func:`local_only` refuses any other host, here and in the locustfile.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG = "postgres://postgres@127.0.0.1:5432"
SMALL_DB = "portal_bench_small"
LOAD_DB = "portal_bench_load"
#: ``load_scale``'s arguments for the large data set.
SCALE = {"boards": 40, "people": 3000, "meetings": 2400, "seed": 13}
PORT = 8420
#: Redis database of the bench's web workers' shared cache.
CACHE_URL = "redis://127.0.0.1:6379/14"
USERS = 10
WARM_UP_SECONDS = 3
SECONDS = 30
RATIO_SECONDS = 10
RATIO_ROUNDS = 2
#: The only host the bench sends requests to.
LOCAL_HOST = "127.0.0.1"
DEMO_MEMBER = ("member@example.org", "demo-member")
DEMO_COORDINATOR = ("coordinator@example.org", "demo-coordinator")
SCALE_PASSWORD = "scale-password"  # noqa: S105 (demo.scale's published test password)


def local_only(url: str) -> str:
    """``url`` if it is plain HTTP to 127.0.0.1; otherwise refuse, so a load test never reaches a real site."""
    parts = urlsplit(url or "")
    if parts.scheme != "http" or parts.hostname != LOCAL_HOST:
        raise ValueError(f"The load test only runs against http://{LOCAL_HOST}, not {url!r}.")
    return url


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def recreate_database(name: str, *, template: str | None = None) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def django_env(workdir: Path, database: str, **extra: str) -> dict[str, str]:
    """The environment of every process of the bench: its database, media and signing key in ``workdir``,
    DEBUG off, outside production (plain HTTP), no Celery broker (tasks in-process)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_PRODUCTION", "CELERY_BROKER_URL", "CACHE_URL", "BENCH_VIEWS", "SECURE_SSL_REDIRECT")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url(database),
        MEDIA_ROOT=str(workdir / "media"),
        MINUTES_SIGNING_KEY_FILE=str(workdir / "minutes-signing.p12"),
        DEBUG="false",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS=f"{LOCAL_HOST},testserver",
        SITE_URL=f"http://{LOCAL_HOST}:{PORT}",
    )
    env.update(extra)
    return env


def _manage(env: dict, *args: str) -> float:
    began = time.monotonic()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    return time.monotonic() - began


def prepare(workdir: Path) -> dict[str, float]:
    """The two databases (see the module's docstring); returns the seconds each step took."""
    seconds = {}
    recreate_database(SMALL_DB)
    small = django_env(workdir, SMALL_DB)
    seconds["migrate"] = _manage(small, "migrate", "--noinput", "-v0")
    seconds["load_demo"] = _manage(small, "load_demo", "--no-pack")
    began = time.monotonic()
    recreate_database(LOAD_DB, template=SMALL_DB)
    seconds["copy"] = time.monotonic() - began
    seconds["load_scale"] = _manage(
        django_env(workdir, LOAD_DB), "load_scale", *(f"--{key}={value}" for key, value in SCALE.items())
    )
    return seconds


# Who signs in and what they read ---------------------------------------------------------------------


def make_plan(*, members: int = 8, coordinators: int = 3) -> dict:
    """In a process set up for the large database: the people and addresses of the load test (JSON-able)."""
    import datetime

    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse

    from boards.enums import Role
    from boards.models import Membership, User
    from core import clock
    from meetings import selectors
    from meetings.models import Meeting, Paper

    today = clock.today()

    def answers(client, url) -> bool:
        return client.get(url).status_code == 200

    def member_entry(user, password) -> dict | None:
        client = Client()
        client.force_login(user)
        visible = selectors.meetings_visible_to(user=user).order_by("-date")
        meeting_urls = [m.get_absolute_url() for m in visible[:6]]
        meeting_urls = [url for url in meeting_urls if answers(client, url)]
        papers = (
            Paper.objects.filter(item__meeting__in=visible[:20], item__confidential=False)
            .exclude(item__parent__confidential=True)
            .order_by("pk")
        )
        paper_urls = [reverse("meetings:paper_file", args=[p.pk]) for p in papers[:6]]
        paper_urls = [url for url in paper_urls if answers(client, url)]
        if not meeting_urls or not paper_urls:
            return None
        return {"email": user.email, "password": password, "meetings": meeting_urls, "papers": paper_urls}

    seated = Membership.objects.on_date(today).filter(role=Role.MEMBER, board__require_two_factor=False)
    plan: dict = {"members": [], "coordinators": [], "public": []}
    demo = member_entry(User.objects.get(email=DEMO_MEMBER[0]), DEMO_MEMBER[1])
    if demo:
        plan["members"].append(demo)
    candidates = (
        User.objects.filter(is_active=True, is_superuser=False, person__memberships__in=seated)
        .exclude(email__endswith="@example.org", email__in=[DEMO_MEMBER[0], DEMO_COORDINATOR[0]])
        .annotate(boards=Count("person__memberships__board", distinct=True))
        .order_by("-boards", "pk")
    )
    for user in candidates:
        if len(plan["members"]) >= members:
            break
        entry = member_entry(user, SCALE_PASSWORD)
        if entry:
            plan["members"].append(entry)

    coordinating = Membership.objects.on_date(today).filter(role=Role.COORDINATOR, board__require_two_factor=False)
    used_boards = set()
    for seat in coordinating.select_related("person__user", "board").order_by("board_id", "pk"):
        user = getattr(seat.person, "user", None)
        if len(plan["coordinators"]) >= coordinators or user is None or seat.board_id in used_boards:
            continue
        meeting = (
            Meeting.objects.filter(board=seat.board, date__gt=today + datetime.timedelta(days=20))
            .annotate(main=Count("items", filter=Q(items__parent__isnull=True)))
            .filter(main__gte=4)
            .order_by("date")
            .first()
        )
        if meeting is None:
            continue
        client = Client()
        client.force_login(user)
        builder = reverse("meetings:agenda_builder", args=[meeting.pk])
        if not answers(client, builder):
            continue
        items = list(
            meeting.items.filter(parent__isnull=True, standing="", confidential=False).values_list("pk", flat=True)
        )
        if len(items) < 2:
            continue
        used_boards.add(seat.board_id)
        password = DEMO_COORDINATOR[1] if user.email == DEMO_COORDINATOR[0] else SCALE_PASSWORD
        plan["coordinators"].append(
            {"email": user.email, "password": password, "meeting": meeting.pk, "builder": builder, "items": items}
        )

    anonymous = Client()
    public = selectors.public_meetings().order_by("-date")[:40]
    plan["public"] = [
        url for url in (reverse("meetings:meeting_public", args=[m.pk]) for m in public) if answers(anonymous, url)
    ]
    plan["ratio_member"] = {"email": DEMO_MEMBER[0], "password": DEMO_MEMBER[1]}
    if not (plan["members"] and plan["coordinators"] and plan["public"]):
        raise SystemExit(f"The large data set has too few members, coordinators or public meetings: {plan}")
    return plan


def plan(workdir: Path) -> Path:
    """Write the plan of the load test (:func:`make_plan`) to a file in ``workdir``; returns its path."""
    out = workdir / "plan.json"
    subprocess.run(
        [sys.executable, __file__, "--child-plan", str(out)], cwd=ROOT, env=django_env(workdir, LOAD_DB), check=True
    )
    return out


# The web server ------------------------------------------------------------------------------------


@contextlib.contextmanager
def serve(workdir: Path, *, port: int = PORT):
    """gunicorn with two workers on 127.0.0.1:``port`` over the large database; yields its address."""
    host = local_only(f"http://{LOCAL_HOST}:{port}")
    env = django_env(workdir, LOAD_DB, CACHE_URL=CACHE_URL, BENCH_VIEWS="true")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (workdir / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--workers", "2", "--bind", f"{LOCAL_HOST}:{port}", "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(host + "/accounts/login/", server, workdir)
        _flush_cache()
        yield host
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_for(url: str, server: subprocess.Popen, workdir: Path) -> None:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at start:\n{(workdir / 'gunicorn.log').read_text()[-3000:]}")
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(url, timeout=5) as response,  # noqa: S310 (127.0.0.1 only)
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer at {url} within a minute")


def _flush_cache() -> None:
    """Start from an empty cache (the bench's own Redis database), so no earlier run's pages are reused."""
    import redis

    redis.Redis.from_url(CACHE_URL).flushdb()


# Driving it ----------------------------------------------------------------------------------------


def _run_locust(environment_users: list, *, users: int, seconds: float, warm_up: float, host: str) -> dict:
    """One locust run (library API); the figures of the ``seconds`` after every user has started (signed in)
    and ``warm_up`` more."""
    import gevent
    from locust.env import Environment

    from bench import locustfile

    env = Environment(user_classes=environment_users, host=local_only(host))
    runner = env.create_local_runner()
    locustfile.STARTED["users"] = 0
    runner.start(users, spawn_rate=users)
    deadline = time.monotonic() + 120
    while locustfile.STARTED["users"] < users and time.monotonic() < deadline:
        gevent.sleep(0.2)
    gevent.sleep(warm_up)
    env.stats.reset_all()
    began = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - began
    total = env.stats.total
    figures = {
        "requests": total.num_requests,
        "rps": total.num_requests / elapsed,
        "p95_ms": total.get_response_time_percentile(0.95) if total.num_requests else 0.0,
        "median_ms": total.median_response_time if total.num_requests else 0.0,
        "failures": total.num_failures,
        "by_name": {
            name: {
                "requests": entry.num_requests,
                "failures": entry.num_failures,
                "p95_ms": entry.get_response_time_percentile(0.95),
            }
            for (name, _method), entry in env.stats.entries.items()
        },
        "errors": [f"{e.method} {e.name}: {e.error} (x{e.occurrences})" for e in env.stats.errors.values()][:10],
    }
    runner.quit()
    runner.greenlet.join(timeout=10)
    return figures


def child_drive(plan_file: Path, host: str) -> dict:
    """The load test, then the dashboard and the trivial page for ``page_ratio`` (see the module's docstring)."""
    os.environ["BENCH_LOAD_PLAN"] = str(plan_file)
    from bench import locustfile

    local_only(host)
    load = _run_locust(locustfile.LOAD_USERS, users=USERS, seconds=SECONDS, warm_up=WARM_UP_SECONDS, host=host)
    session = locustfile.sign_in(host, **json.loads(plan_file.read_text())["ratio_member"])
    ratio = {"dashboard": [], "trivial": []}
    for _ in range(RATIO_ROUNDS):  # in turn, so a change in the machine's other load falls on both alike
        for page, path in (("dashboard", "/"), ("trivial", "/bench/trivial/")):
            reader = locustfile.ratio_reader(path, session)
            ratio[page].append(_run_locust([reader], users=USERS, seconds=RATIO_SECONDS, warm_up=2, host=host))
    dashboard = sum(r["rps"] for r in ratio["dashboard"]) / RATIO_ROUNDS
    trivial = sum(r["rps"] for r in ratio["trivial"]) / RATIO_ROUNDS
    ratio_failures = sum(r["failures"] for runs in ratio.values() for r in runs)
    return {
        "load": load,
        "dashboard_rps": dashboard,
        "trivial_rps": trivial,
        "page_ratio": dashboard / trivial if trivial else 0.0,
        "ratio_failures": ratio_failures,
    }


def drive(workdir: Path, plan_file: Path, host: str) -> dict:
    local_only(host)
    # locust first, before anything imports ssl or socket: it patches the standard library with gevent.
    start = "import locust; from bench.load import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", start, "--child-drive", str(plan_file), host],
        cwd=ROOT,
        env=django_env(workdir, LOAD_DB),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def measure(workdir: Path) -> dict:
    """Every step: the databases, the plan, gunicorn, locust. The databases are left for :mod:`bench.pages`."""
    seconds = prepare(workdir)
    plan_file = plan(workdir)
    with serve(workdir) as host:
        figures = drive(workdir, plan_file, host)
    figures["setup_seconds"] = seconds
    return figures


def main() -> None:
    if sys.argv[1:2] == ["--child-plan"]:
        import django

        django.setup()
        Path(sys.argv[2]).write_text(json.dumps(make_plan()))
    elif sys.argv[1:2] == ["--child-drive"]:
        print(json.dumps(child_drive(Path(sys.argv[2]), sys.argv[3])))
    else:
        raise SystemExit("Run by bench/run.py --load-only")


if __name__ == "__main__":
    main()
