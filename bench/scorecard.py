"""``scorecard_ms``: a board's scorecard page with 60 indicators, each with 28 quarters for 3 areas.

Run by ``bench/run.py`` in a child process with its own database (``--scorecard-only`` for these figures
alone): a partnership board with 25 members, four meetings held this year with their registers taken (so the
page draws the attendance chart too), six priorities with ten quarterly indicators each (percentages, counts
and rates per 10,000; some lower-is-better, every fifth contextual; targets on the rest), the board's own
area compared with the North West and England, and a figure for every indicator, area and quarter of the last
seven years: 5,040 figures written with bulk_create (test data: no services, activity log or history, but
every figure one the data-entry page would accept). A meeting has its scorecard frozen, so the page lists it.

A member, signed in through the Django test client, asks for ``/boards/<slug>/scorecard/``. After three
requests to warm up, ``scorecard_ms`` is the 95th percentile of ``runs`` requests (target: <= 300 ms on this
machine), ``scorecard_median_ms`` their median and ``scorecard_cpu_ms`` their median CPU time in this process
(which other load on the machine hardly moves); the trend charts (pygal) are kept in the cache between
requests, as in production. ``scorecard_uncached_ms`` is the median of requests made with an empty cache, so
every chart is drawn: the first view after new figures are entered. ``scorecard_queries`` is the queries of
one request (the same for any number of indicators and periods).
"""

from __future__ import annotations

import datetime
import json
import random
import statistics
import time
from decimal import Decimal

INDICATORS = 60
QUARTERS = 28
PRIORITIES = 6
MEMBERS = 24


def make_board(*, seed: int = 41):
    """The board, a member with a login, its indicators and their figures; returns (board, member)."""
    from django.utils import timezone

    from boards.enums import Role
    from boards.models import Priority
    from boards.tests.factories import BoardFactory, MembershipFactory, UserFactory
    from core import clock
    from core.permissions import SYSTEM
    from meetings import services as meeting_services
    from meetings.enums import AttendanceStatus, MeetingStatus
    from meetings.models import Attendance, Meeting
    from performance import periods
    from performance.enums import Frequency, PeriodBasis, Polarity, TargetKind, Unit
    from performance.models import Indicator, Observation, Period, Target
    from performance.services import freeze_scorecard
    from performance.tests.factories import england, lancashire, north_west

    rng = random.Random(seed)
    today = clock.today()
    since = datetime.date(2000, 1, 1)
    board = BoardFactory(name="Chorley, South Ribble & West Lancashire Children's Partnership Board", short_name="CPB")
    member = UserFactory(email="member@example.org")
    MembershipFactory(board=board, person=member.person, role=Role.MEMBER, start_date=since)
    seats = [MembershipFactory(board=board, start_date=since) for _ in range(MEMBERS)]

    # Four meetings held this year, with their registers.
    year_start = periods.year_start(PeriodBasis.FINANCIAL, today)
    held = []
    for n in range(4):
        day = year_start + datetime.timedelta(days=7 + n * 21)
        if day >= today:
            break
        held.append(Meeting.objects.create(board=board, date=day, start_time=datetime.time(14)))
    Meeting.objects.filter(pk__in=[m.pk for m in held]).update(
        status=MeetingStatus.HELD, register_taken_at=timezone.now()
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=seat.person,
            seat=seat,
            status=AttendanceStatus.PRESENT if rng.random() < 0.8 else AttendanceStatus.APOLOGIES,
        )
        for meeting in held
        for seat in seats
    )

    own, region, nation = lancashire(), north_west(), england()
    keys = list(reversed(periods.recent(Frequency.QUARTERLY, PeriodBasis.FINANCIAL, today, QUARTERS)))
    Period.objects.bulk_create(
        Period(kind=k.kind, basis=k.basis, start=k.start, end=k.end, label=k.label) for k in keys
    )
    quarters = list(Period.objects.filter(kind="quarter", basis=PeriodBasis.FINANCIAL).order_by("start"))
    priorities = [
        Priority.objects.create(board=board, number=str(n + 1), title=f"Priority number {n + 1}", position=n + 1)
        for n in range(PRIORITIES)
    ]
    units = [Unit.PERCENTAGE, Unit.COUNT, Unit.RATE_10000]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            board=board,
            code=f"IND-{n + 1:02d}",
            name=f"Indicator {n + 1}: children and families supported by the partnership's services",
            unit=units[n % 3],
            decimals=1,
            polarity=(
                Polarity.CONTEXTUAL
                if n % 5 == 4
                else (Polarity.LOWER_IS_BETTER if n % 3 == 2 else Polarity.HIGHER_IS_BETTER)
            ),
            frequency=Frequency.QUARTERLY,
            basis=PeriodBasis.FINANCIAL,
            area=own,
            position=n,
        )
        for n in range(INDICATORS)
    )
    Indicator.comparators.through.objects.bulk_create(
        Indicator.comparators.through(indicator=i, area=a) for i in indicators for a in (region, nation)
    )
    Indicator.priorities.through.objects.bulk_create(
        Indicator.priorities.through(indicator=i, priority=priorities[n // (INDICATORS // PRIORITIES)])
        for n, i in enumerate(indicators)
    )
    Target.objects.bulk_create(
        Target(
            indicator=i, kind=TargetKind.AT_LEAST, value=Decimal(60), tolerance=Decimal(5), effective_from=quarters[0]
        )
        for i in indicators
        if i.polarity != Polarity.CONTEXTUAL
    )
    observations = []
    for indicator in indicators:
        top = 100 if indicator.unit == Unit.PERCENTAGE else 800
        for area in (own, region, nation):
            level = rng.uniform(0.4, 0.8) * top
            for quarter in quarters:
                level = min(top, max(0, level + rng.uniform(-0.04, 0.04) * top))
                observations.append(
                    Observation(
                        indicator=indicator,
                        area=area,
                        period=quarter,
                        value=Decimal(str(round(level, 1))),
                    )
                )
    Observation.objects.bulk_create(observations, batch_size=2000)

    coming = meeting_services.meeting_create(
        user=SYSTEM, board=board, date=today + datetime.timedelta(days=30), start_time=datetime.time(14)
    )
    freeze_scorecard(user=SYSTEM, meeting=coming)
    return board, member


def measure(runs: int = 40, uncached_runs: int = 5) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from performance.models import Observation

    board, member = make_board()
    url = reverse("performance:scorecard", args=[board.slug])
    client = Client()
    client.force_login(member)

    cpu: list[float] = []

    def timed() -> float:
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.status_code
        return elapsed

    for _ in range(3):  # warm: imports, templates, the database's caches, the charts
        timed()
    cpu.clear()
    samples = sorted(timed() for _ in range(runs))
    cpu_median = statistics.median(cpu)
    uncached = []
    for _ in range(uncached_runs):
        cache.clear()
        uncached.append(timed())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    rows = response.content.decode().count('<tr id="web-row-')
    assert rows == INDICATORS, rows
    return {
        "scorecard_ms": samples[min(len(samples) - 1, round(0.95 * len(samples)) - 1)],
        "scorecard_median_ms": statistics.median(samples),
        "scorecard_cpu_ms": cpu_median,
        "scorecard_uncached_ms": statistics.median(uncached),
        "scorecard_queries": len(queries.captured_queries),
        "figures": Observation.objects.filter(indicator__board=board).count(),
        "page_kb": len(response.content) // 1024,
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
