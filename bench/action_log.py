"""``action_log_p95_ms``: the board action log page, filtered and paginated, with 30,000 actions on 20 boards.

Run by ``bench/run.py`` in a child process with its own database: ``load_scale`` makes 20 boards with their
people, logins and meetings; :func:`make_actions` adds 30,000 tracked actions across them (about 1,500 a
board) with one to three owners each from the board's members, a source meeting (or raised outside one), a
due date or "by the next meeting", statuses as a real log has them (most open or in progress, a third closed,
some deferred with a reason) and dated updates on about a third. Then a member of the busiest board, signed in
through the Django test client, asks for the board's log filtered to open, overdue actions, second page;
the 95th percentile of ``runs`` requests (after warming up) is the figure. Target: <= 150 ms on this machine.
``action_log_queries`` is the queries of one request (the same for any size).
"""

from __future__ import annotations

import datetime
import json
import random
import statistics
import time

#: The filtered, paginated page the figure is for.
QUERY = "?status=open&overdue=yes&page=2"
ACTIONS = 30_000
BOARDS = 20
BATCH = 2000

TEXTS = [
    "Circulate the {topic} report to all partners",
    "Bring a paper on {topic} to the next meeting",
    "Set up a task and finish group on {topic}",
    "Share the data on {topic} with the performance sub-group",
    "Write to the Department for Education about {topic}",
    "Agree a joint protocol on {topic} with the police",
    "Confirm the budget for {topic} with finance",
]
TOPICS = [
    "child sexual exploitation",
    "school attendance",
    "early help",
    "the MASPI action plan",
    "youth justice",
    "missing from home",
    "neglect",
    "emotional health and wellbeing",
    "the troubled families programme",
    "domestic abuse",
]
UPDATES = [
    "Discussed at the sub-group; a draft is with partners.",
    "Waiting for figures from the county council.",
    "Meeting arranged with the lead officer.",
    "Done: sent to all members by e-mail.",
    "Deadline moved by agreement with the chair.",
]


def make_actions(*, total: int = ACTIONS, seed: int = 29) -> int:
    """``total`` tracked actions spread over every board, with owners and updates; written with bulk_create
    (test data: no services, activity log or history). Returns the number of updates made."""
    from django.utils import timezone

    from actions.enums import ActionSource, ActionStatus
    from actions.models import Action, ActionOwner, ActionUpdate
    from boards.models import Board, Membership
    from core import clock
    from meetings.models import Meeting

    rng = random.Random(seed)
    today = clock.today()
    boards = list(Board.objects.order_by("pk"))
    members = {board.pk: [] for board in boards}
    for board_id, person_id in Membership.objects.order_by().values_list("board_id", "person_id").distinct():
        members[board_id].append(person_id)
    past = {board.pk: [] for board in boards}
    for meeting_id, board_id, day in Meeting.objects.filter(date__lte=today).values_list("pk", "board_id", "date"):
        past[board_id].append((meeting_id, day))
    share = [total // len(boards) + (1 if n < total % len(boards) else 0) for n in range(len(boards))]
    rows = []
    for board, count in zip(boards, share, strict=True):
        for number in range(1, count + 1):
            source = rng.choice(past[board.pk]) if past[board.pk] and rng.random() < 0.85 else None
            raised = source[1] if source else today - datetime.timedelta(days=rng.randint(0, 900))
            next_meeting = source is not None and rng.random() < 0.25
            due = None if next_meeting else raised + datetime.timedelta(days=rng.randint(14, 180))
            roll = rng.random()
            if roll < 0.45:
                status, reason = ActionStatus.OPEN, ""
            elif roll < 0.6:
                status, reason = ActionStatus.IN_PROGRESS, ""
            elif roll < 0.65:
                status, reason = ActionStatus.DEFERRED, "Waiting for the new strategy."
            elif roll < 0.95:
                status, reason = ActionStatus.COMPLETED, ""
            else:
                status, reason = ActionStatus.CANCELLED, "Overtaken by the county's review."
            closed = status in (ActionStatus.COMPLETED, ActionStatus.CANCELLED)
            created = timezone.make_aware(datetime.datetime.combine(raised, datetime.time(12)))
            rows.append(
                Action(
                    board=board,
                    number=number,
                    source=ActionSource.MINUTES if source else ActionSource.OUTSIDE,
                    meeting_id=source[0] if source else None,
                    text=rng.choice(TEXTS).format(topic=rng.choice(TOPICS)),
                    due_date=due,
                    due_next_meeting=next_meeting,
                    status=status,
                    status_reason=reason,
                    closed_on=min(today, raised + datetime.timedelta(days=rng.randint(10, 200))) if closed else None,
                    created_at=created,
                    updated_at=created,
                )
            )
    actions = Action.objects.bulk_create(rows, batch_size=BATCH)
    owners, updates = [], []
    for action in actions:
        people = members[action.board_id]
        for position, person_id in enumerate(rng.sample(people, k=min(len(people), rng.choice((1, 1, 1, 2, 3))))):
            owners.append(ActionOwner(action=action, person_id=person_id, position=position))
        if rng.random() < 0.35:
            for k in range(rng.randint(1, 3)):
                updates.append(
                    ActionUpdate(
                        action=action,
                        author_person_id=people[0] if people else None,
                        created_at=action.created_at + datetime.timedelta(days=7 * (k + 1)),
                        text=rng.choice(UPDATES),
                    )
                )
    ActionOwner.objects.bulk_create(owners, batch_size=BATCH)
    ActionUpdate.objects.bulk_create(updates, batch_size=BATCH)
    return len(updates)


def measure(runs: int = 60) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from boards.enums import Role
    from boards.models import Board, Membership, User
    from core import clock
    from demo.scale import load_scale

    load_scale(boards=BOARDS, people=1600, meetings=400, seed=13)
    made_updates = make_actions()
    board = Board.objects.annotate(n=Count("actions")).order_by("-n", "pk").first()
    seated = Membership.objects.on_date(clock.today()).filter(board=board, role=Role.MEMBER)
    member = User.objects.filter(person__in=seated.values("person")).order_by("pk").first()
    assert member is not None, "the busiest board has no member with a login"
    try:
        url = reverse("actions:board_action_log", args=[board.slug]) + QUERY
    except NoReverseMatch:
        return {"error": "the board action log page (actions:board_action_log) is not in this portal yet"}
    client = Client()
    client.force_login(member)
    for _ in range(3):  # warm: imports, templates, the database's caches
        response = client.get(url)
        assert response.status_code == 200, (response.status_code, url)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)]
    return {
        "action_log_p95_ms": p95,
        "action_log_median_ms": statistics.median(samples),
        "action_log_queries": len(queries.captured_queries),
        "actions": board.n,
        "updates": made_updates,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
