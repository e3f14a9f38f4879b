"""``<page>_large_over_small``: each key page's time with the large data set over its time with the demo alone.

Run by ``bench/run.py --load-only`` (and the default run) after :mod:`bench.load` has made its two PostgreSQL
databases: ``portal_bench_small`` (the demo) and ``portal_bench_load`` (the same demo plus ``load_scale``'s
40 boards, 3,000 people, 2,400 meetings). :func:`measure` runs in a child process that asks both, in turn:
the same demo people (the demo board's coordinator for the agenda builder, its member for every other page)
ask for the same demo board's and meeting's pages through Django's test client, in-process, with DEBUG
off; the figure of a page is the median wall-clock time of ``RUNS`` requests after ``WARM_UP``, the two
databases' requests taking turns so that the machine's other work falls on both alike. With it come
the page's queries and its slowest ones, to say which part grows. Goal: <= 1.5 for every page.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: The pages, in the order they are printed.
PAGES = [
    "dashboard",
    "board",
    "board_meetings",
    "meeting",
    "agenda_builder",
    "public_meeting",
    "people_search",
    "board_calendar",
    "personal_calendar",
    "action_log",
    "scorecard",
]
#: Part of a surname, as someone searching the directory types it.
PEOPLE_QUERY = "son"
WARM_UP = 2
RUNS = 11
GOAL = 1.5


def addresses() -> dict[str, tuple[str, str]]:
    """Each page's address and who asks for it ("member" or "coordinator"), for the demo board."""
    from django.urls import reverse

    from boards.models import User
    from demo.loader import load_demo  # noqa: F401 (the demo must be there: its logins name the board)
    from meetings import selectors
    from meetings.feeds import calendar_feed_for

    coordinator = User.objects.get(email="coordinator@example.org")
    member = User.objects.get(email="member@example.org")
    board = coordinator.person.memberships.select_related("board").order_by("pk").first().board
    meeting = selectors.public_meetings().filter(board=board).order_by("-date").first()
    feed = calendar_feed_for(person=member.person)
    return {
        "dashboard": (reverse("dashboard"), "member"),
        "board": (reverse("boards:board_detail", args=[board.slug]), "member"),
        "board_meetings": (reverse("meetings:board_meetings", args=[board.slug]), "member"),
        "meeting": (reverse("meetings:meeting_detail", args=[meeting.pk]), "member"),
        "agenda_builder": (reverse("meetings:agenda_builder", args=[meeting.pk]), "coordinator"),
        "public_meeting": (reverse("meetings:meeting_public", args=[meeting.pk]), "member"),
        "people_search": (reverse("boards:person_list") + f"?q={PEOPLE_QUERY}", "member"),
        "board_calendar": (reverse("meetings:board_calendar", args=[board.slug]), "member"),
        "personal_calendar": (reverse("meetings:person_calendar", args=[feed.token]), "member"),
        "action_log": (reverse("actions:board_action_log", args=[board.slug]), "member"),
        "scorecard": (reverse("performance:scorecard", args=[board.slug]), "member"),
    }


def use(database: str) -> None:
    """Point this process's connection at ``database`` (another PostgreSQL database on the same server)."""
    from django.db import connection

    if connection.settings_dict["NAME"] != database:
        connection.close()
        connection.settings_dict["NAME"] = database
    connection.ensure_connection()


def measure(small: str, large: str, *, runs: int = RUNS) -> dict:
    """Every page's median milliseconds, queries and slowest queries, in ``small`` and in ``large``: one
    process, requests to the two databases in turn, so the machine's other work falls on both alike."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from boards.models import User

    sizes = {"small": small, "large": large}
    clients, urls = {}, {}
    for size, database in sizes.items():
        use(database)
        urls[size] = addresses()
        for role, email in (("member", "member@example.org"), ("coordinator", "coordinator@example.org")):
            clients[size, role] = Client()
            clients[size, role].force_login(User.objects.get(email=email))
    figures = {"small": {}, "large": {}}
    for page in PAGES:
        samples = {"small": [], "large": []}
        for size, database in sizes.items():
            url, role = urls[size][page]
            use(database)
            for _ in range(WARM_UP):  # imports, templates, the database's caches
                response = clients[size, role].get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{page}: {url} answered {response.status_code} for the demo's {role}")
        for _ in range(runs):
            for size, database in sizes.items():
                url, role = urls[size][page]
                use(database)
                began = time.perf_counter()
                clients[size, role].get(url)
                samples[size].append((time.perf_counter() - began) * 1000)
        for size, database in sizes.items():
            url, role = urls[size][page]
            use(database)
            with CaptureQueriesContext(connection) as queries:
                clients[size, role].get(url)
            slowest = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:3]
            figures[size][page] = {
                "url": url,
                "ms": statistics.median(samples[size]),
                "queries": len(queries.captured_queries),
                "query_ms": sum(float(q["time"]) for q in queries.captured_queries) * 1000,
                "slowest": [{"ms": float(q["time"]) * 1000, "sql": q["sql"][:300]} for q in slowest],
            }
    return figures


def compare(small: dict, large: dict) -> dict:
    """``<page>_large_over_small`` for every page, and for those over the goal, why (queries at each size,
    and the query that grew most)."""
    ratios, why = {}, {}
    for page in PAGES:
        ratio = large[page]["ms"] / small[page]["ms"]
        ratios[page] = ratio
        if ratio > GOAL:
            grown = large[page]["slowest"][0] if large[page]["slowest"] else {"ms": 0.0, "sql": ""}
            why[page] = (
                f"{small[page]['ms']:.1f} -> {large[page]['ms']:.1f} ms; queries {small[page]['queries']} -> "
                f"{large[page]['queries']}, their time {small[page]['query_ms']:.1f} -> {large[page]['query_ms']:.1f} "
                f"ms; slowest with the large data ({grown['ms']:.1f} ms): {grown['sql'][:160]}"
            )
    return {"ratios": ratios, "why": why}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(measure(sys.argv[1], sys.argv[2])))
