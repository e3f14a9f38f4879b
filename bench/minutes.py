"""``minutes_pdf_seconds``: a 20-item minutes document rendered to a tagged PDF.

Run by ``bench/run.py`` (``--minutes-only`` for this figure alone) after it has set up its throwaway
database: a partnership board with a register of 15 people (a chair, eleven members present, one deputy, two
in attendance), a held meeting with 20 agenda items, and its minutes written through the real services, each
minute with a paragraph of discussion, a decision and an action owned by two people. The figure is the
median wall time of ``runs`` renders of the members' draft (DRAFT on every page) by
:func:`meetings.minutes.render.render_minutes_pdf`, after one warm-up render (imports, fonts, the stylesheet).
"""

from __future__ import annotations

import datetime
import io
import statistics
import time

NOTES = (
    "The lead officer introduced the report, which had been circulated with the agenda. Members discussed the "
    "**progress** made since the last meeting, the pressures on the service over the winter and the gaps in the "
    "data still to be filled; partners agreed that the figures for the third quarter should be shared with the "
    "district leads before the next meeting, and that the report would come back with a fuller analysis of the "
    "trends across the three districts."
)


def make_minutes():
    """A held meeting of 20 items with its minutes written through the services, and a register of 15."""
    from boards.enums import Role
    from boards.tests.factories import BoardFactory, MembershipFactory, PersonFactory
    from core.permissions import SYSTEM
    from meetings.enums import AttendanceStatus, MeetingStatus
    from meetings.minutes import services
    from meetings.tests.factories import AgendaItemFactory, AttendanceFactory, MeetingFactory, VenueFactory

    board = BoardFactory(name="Chorley, South Ribble & West Lancashire Children's Partnership Board", short_name="CPB")
    day = datetime.date(2015, 5, 21)
    since = datetime.date(2010, 1, 1)
    meeting = MeetingFactory(board=board, date=day, status=MeetingStatus.HELD, venue=VenueFactory(board=board))
    seats = [MembershipFactory(board=board, role=Role.CHAIR, start_date=since)]
    seats += [MembershipFactory(board=board, start_date=since) for _ in range(12)]
    AttendanceFactory(meeting=meeting, person=seats[0].person, seat=seats[0], is_chair=True)
    for seat in seats[1:12]:
        AttendanceFactory(meeting=meeting, person=seat.person, seat=seat)
    AttendanceFactory(meeting=meeting, person=seats[12].person, seat=seats[12], status=AttendanceStatus.APOLOGIES)
    AttendanceFactory(
        meeting=meeting, person=PersonFactory(), status=AttendanceStatus.DEPUTY, for_member=seats[12], voting=True
    )
    for _ in range(2):
        AttendanceFactory(meeting=meeting, person=PersonFactory(), status=AttendanceStatus.IN_ATTENDANCE, voting=False)
    for position in range(1, 21):
        AgendaItemFactory(meeting=meeting, position=position, title=f"Report {position}: progress on the plan")
    minutes = services.minutes_start(user=SYSTEM, meeting=meeting)
    owners = [seats[1].person, seats[2].person]
    for minute in minutes.items.all():
        services.minute_save(user=SYSTEM, minute=minute, notes=NOTES)
        services.decision_add(user=SYSTEM, minute=minute, text="That the report be noted and the update be shared.")
        services.action_add(
            user=SYSTEM, minute=minute, text="Share the third quarter's figures with the district leads.", owners=owners
        )
    minutes.refresh_from_db()
    return minutes


def measure(runs: int = 3) -> dict:
    from pikepdf import Pdf

    from meetings.minutes.render import render_minutes_pdf

    minutes = make_minutes()
    data = render_minutes_pdf(minutes, edition="members", watermark=True)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        data = render_minutes_pdf(minutes, edition="members", watermark=True)
        times.append(time.perf_counter() - start)
    with Pdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    return {"minutes_pdf_seconds": statistics.median(times), "minutes_pdf_pages": pages}
