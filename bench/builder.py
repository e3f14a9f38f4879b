"""``builder_large_over_small``: the agenda builder's page with 3,000 people in the directory, against the demo.

Run by ``bench/run.py`` in a child process with its own database: the demo board is loaded (no pack), the
builder page of its latest meeting is rendered for its coordinator (CPU time of the request in this process,
median of ``runs``), then 3,000 people are added to the directory — 200 of whom sat on the demo board in
earlier years, the rest on 30 other boards — and the same page is rendered again. Target: <= 1.5.
"""

from __future__ import annotations

import datetime
import json
import statistics
import time


def _cpu_ms(client, url: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.process_time()
        response = client.get(url)
        samples.append((time.process_time() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(samples)


def _crowd_the_directory(board, people: int = 3000, on_board: int = 200) -> None:
    from boards.enums import Role
    from boards.models import Board, Membership, Organisation, Person

    orgs = [Organisation.objects.create(name=f"Bench organisation {n}") for n in range(40)]
    others = [Board.objects.create(name=f"Bench board {n}", slug=f"bench-board-{n}") for n in range(30)]
    created = Person.objects.bulk_create(
        Person(first_name=f"Given{n}", last_name=f"Family{n}", initials=f"B{n}", organisation=orgs[n % len(orgs)])
        for n in range(people)
    )
    seats = []
    for n, person in enumerate(created):
        if n < on_board:  # sat on the demo board in earlier years
            start = datetime.date(2010 + n % 8, 4, 1)
            seats.append(
                Membership(
                    board=board,
                    person=person,
                    role=Role.MEMBER,
                    start_date=start,
                    end_date=start.replace(year=start.year + 2),
                )
            )
        else:
            seats.append(
                Membership(
                    board=others[n % len(others)], person=person, role=Role.MEMBER, start_date=datetime.date(2020, 4, 1)
                )
            )
    Membership.objects.bulk_create(seats)


def measure(runs: int = 15) -> dict:
    from django.test import Client
    from django.urls import reverse

    from boards.enums import Role
    from boards.models import Membership, User
    from demo.loader import load_demo

    board = load_demo(build_pack=False).board
    meeting = board.meetings.order_by("-date").first()
    coordinator = User.objects.filter(
        person__memberships__board=board, person__memberships__role=Role.COORDINATOR
    ).first()
    assert coordinator is not None and Membership.objects.filter(board=board).exists()
    client = Client()
    client.force_login(coordinator)
    url = reverse("meetings:agenda_builder", args=[meeting.pk])
    client.get(url)  # warm: templates, imports
    small = _cpu_ms(client, url, runs)
    _crowd_the_directory(board)
    client.get(url)
    large = _cpu_ms(client, url, runs)
    return {"builder_small_ms": small, "builder_large_ms": large, "builder_large_over_small": large / small}


if __name__ == "__main__":
    print(json.dumps(measure()))
