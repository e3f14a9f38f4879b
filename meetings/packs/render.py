"""The pack's front matter: front sheet, agenda table and (optionally) a contents page, with WeasyPrint.

Two steps, so the builder can fingerprint what the front matter shows before rendering it:

* :func:`front_data` collects everything the front matter shows as plain, JSON-able data (no page
  numbers: those follow from the papers' page counts);
* :func:`render_front_matter` adds the page references from the plan and renders
  ``meetings/pdf/pack_front.html`` with the print stylesheet ``static/css/pack.css``.

The front matter carries no "Page N" footer: pack page numbers start at the first paper page.
User text reaches the template as plain strings and is escaped by Django's autoescaping.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import loader

from boards.enums import SEAT_ROLES, Role
from boards.models import Membership
from core.clock import today as clock_today

from .. import parts
from ..enums import MeetingKind, MeetingStatus, PackEdition, Standing
from ..models import Meeting
from ..selectors import next_meetings_after
from ..visibility import part_two_titles_listed
from . import assembly
from .assembly import PackPlan
from .sources import ItemSources

TEMPLATE = "meetings/pdf/pack_front.html"
#: The front sheet of a council committee's pack, included by TEMPLATE.
COUNCIL_FRONT_SHEET = "meetings/pdf/council_front_sheet.html"
#: Templates the front matter includes: part of its layout, like the template itself.
INCLUDED_TEMPLATES = ("meetings/pdf/_part_heading.html", COUNCIL_FRONT_SHEET)
STYLESHEET = "css/pack.css"
#: Bump for a layout change the template and stylesheet hashes would not show (e.g. a context change).
LAYOUT_VERSION = "1"

#: Roles on the "To:" list, in the order they are listed: office-holders first, then members, co-optees.
TO_ROLES = SEAT_ROLES
_MARKED_ROLES = {Role.CHAIR, Role.INDEPENDENT_CHAIR, Role.VICE_CHAIR, Role.DEPUTY_CHAIR}
#: Statuses the front sheet announces ("This meeting is postponed: ...").
_NOTED_STATUSES = {MeetingStatus.POSTPONED, MeetingStatus.CANCELLED}


@dataclass
class FrontMatter:
    path: Path
    page_count: int
    bookmarks: list[tuple[str, int]]


def static_file(name: str) -> Path:
    """A print stylesheet (or other static file) a generated document is rendered with, found as
    ``collectstatic`` would find it; a missing one is a deployment fault, said as such."""
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(f"static/{name} is missing")
    return Path(found)


def stylesheet_path() -> Path:
    return static_file(STYLESHEET)


@cache
def layout_fingerprint() -> str:
    """A hash of the template, the print stylesheet and the page-assembly engine: the pack's "template
    version".  A change to any of them makes every pack build afresh."""
    digest = hashlib.sha256(LAYOUT_VERSION.encode())
    templates = [loader.get_template(name).origin.name for name in (TEMPLATE, *INCLUDED_TEMPLATES)]
    for path in (*templates, stylesheet_path(), assembly.__file__, __file__):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


_local = threading.local()


def _weasy_style():
    """The print stylesheet and a font configuration, parsed once per thread and reused by every render
    (reloaded when the stylesheet file changes)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    path = stylesheet_path()
    key = (str(path), path.stat().st_mtime_ns)
    cached = getattr(_local, "style", None)
    if cached is None or cached[0] != key:
        font_config = FontConfiguration()
        cached = _local.style = (key, weasyprint.CSS(filename=str(path), font_config=font_config), font_config)
    return cached[1], cached[2]


# Formatting -------------------------------------------------------------------------------------------


def clock(value: datetime.time | datetime.datetime | None) -> str:
    """10.00 am, 2.30 pm (as the board's packs print times)."""
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    return f"{hour}.{value.minute:02d} {'am' if value.hour < 12 else 'pm'}"


def pack_date(day: datetime.date) -> str:
    """A date as council packs print it: "Thursday, 17 September 2015" (the portal's pages and e-mails use
    ``workdays.long_date``, without the comma)."""
    return f"{day:%A}, {day.day} {day:%B %Y}"


def _future_meeting(meeting: Meeting) -> str:
    """A meeting under "future meeting dates", saying what kind it is: "Informal session (deep dive): Thursday,
    12 March 2026, 10.00 am", then the venue."""
    kind = meeting.kind_phrase
    text = f"{kind[:1].upper()}{kind[1:]}: {pack_date(meeting.date)}, {clock(meeting.start_time)}"
    if meeting.venue_id:
        text += f" – {meeting.venue.full_address}"
    elif meeting.online_link:
        text += " – online"
    return text


# Data -------------------------------------------------------------------------------------------------


def _to_list(meeting: Meeting) -> list[dict[str, str]]:
    """Members and co-optees with a seat on the day (today's seats for a meeting still to come)."""
    day = min(meeting.date, clock_today())
    seats = (
        Membership.objects.on_date(day)
        .filter(board=meeting.board, role__in=TO_ROLES)
        .select_related("person__organisation", "organisation")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    order = {role: i for i, role in enumerate(TO_ROLES)}
    people: dict[int, dict[str, Any]] = {}
    for seat in seats:
        person = seat.person
        organisation = seat.organisation or person.organisation
        rank = order[seat.role] if seat.role in _MARKED_ROLES or seat.role == Role.CO_OPTED else order[Role.MEMBER]
        known = people.get(person.pk)
        if known is not None and known["rank"] <= rank:
            continue
        role = ""
        if seat.role in _MARKED_ROLES:
            role = seat.get_role_display()
        elif seat.role == Role.CO_OPTED:
            role = ", ".join(part for part in ("Co-opted member", seat.co_opted_type) if part)
        people[person.pk] = {
            "rank": rank,
            "name": person.full_name,
            "role": role,
            "organisation": organisation.name if organisation else "",
        }
    listed = sorted(people.values(), key=lambda p: p["rank"])  # stable: alphabetical within each rank
    return [{k: v for k, v in p.items() if k != "rank"} for p in listed]


def _contact(meeting: Meeting) -> dict[str, str] | None:
    person = meeting.contact_officer
    if person is None:
        return None
    return {
        "name": person.full_name,
        "job_title": person.job_title,
        "organisation": person.organisation.name if person.organisation_id else "",
        "email": person.email,
        "phone": person.phone,
    }


def _council(meeting: Meeting) -> dict[str, str] | None:
    """The wording of a council committee's notice of meeting (:mod:`boards.front_sheet`); None for a
    board whose front sheet is the partnership one."""
    board = meeting.board
    if not board.is_council_body:
        return None
    return {
        "authority": board.front_sheet_authority,
        "notice": board.front_sheet_notice,
        "signatory": board.front_sheet_signatory,
        "signatory_title": board.front_sheet_signatory_title,
        "enquiries": board.front_sheet_enquiries,
    }


#: How a public edition lists a Part II item of a board whose agenda does not name them to the public
#: (:func:`meetings.visibility.part_two_titles_listed`): its public page leaves them out.
UNNAMED_PART_TWO = "Confidential item (Part II): not open to the public"


def _row(row: ItemSources, *, timed: bool, future: list[str], titles_listed: bool) -> dict[str, Any]:
    item = row.entry.item
    data: dict[str, Any] = {
        "number": row.entry.number,
        "provisional": row.entry.provisional,
        "depth": row.entry.depth,
        "title": item.title,
        "item_for": item.get_item_for_display() if item.item_for else "",
        "start": clock(row.entry.starts_at) if timed and item.duration_minutes else "",
        "heading": item.is_heading,
        "verbal": item.verbal_update,
        "part_two": row.part_two,
        "withheld": row.withheld,
        "exemption_ground": row.entry.row_exemption if row.part_two else "",
        "has_pages": bool(row.sources),
        "deferred_from": pack_date(item.deferred_from.date) if item.deferred_from_id else "",
    }
    if row.withheld:
        # The public edition lists a Part II item by title and exemption only where the board's agenda names
        # them to the public (a council's), and otherwise without even its title, as its public page does.
        data.update(outcome="", leads=[], links=[], future_meetings=[], item_for="")
        if not titles_listed:
            data.update(title=UNNAMED_PART_TWO, exemption_ground="")
    else:
        data.update(
            outcome=item.intended_outcome,
            leads=[str(lead) for lead in row.entry.leads],
            links=item.link_list,
            future_meetings=future if item.standing == Standing.FUTURE_DATES else [],
        )
    return data


def front_data(meeting: Meeting, rows: list[ItemSources], *, edition: str) -> dict[str, Any]:
    """Everything the front matter shows, as JSON-able data (hashed into the pack's fingerprint)."""
    board = meeting.board
    timed = any(r.entry.item.duration_minutes for r in rows)
    future = [_future_meeting(m) for m in next_meetings_after(meeting=meeting)]
    venue = meeting.venue if meeting.venue_id else None
    noted = meeting.status in _NOTED_STATUSES
    # The joining link and the reason for a postponement or cancellation are for members only.
    public = edition == PackEdition.PUBLIC
    return {
        "board": {"name": board.name, "short_name": board.display_short_name},
        "edition": edition,
        "edition_label": PackEdition(edition).label,
        "meeting": {
            "kind": meeting.get_kind_display() if meeting.kind != MeetingKind.ORDINARY else "",
            "date": pack_date(meeting.date),
            "short_date": f"{meeting.date.day} {meeting.date:%B %Y}",
            "start": clock(meeting.start_time),
            "end": clock(meeting.end_time),
            "place": meeting.place,
            "access_notes": venue.access_notes if venue else "",
            "online_link": "" if public else meeting.online_link,
            "status": meeting.get_status_display() if noted else "",
            "status_reason": meeting.status_reason if noted and not public else "",
        },
        "to": _to_list(meeting),
        "council": _council(meeting),
        "issue_date": meeting.pack_issue_date.isoformat() if meeting.pack_issue_date else None,
        "contact": _contact(meeting),
        "timed": timed,
        "rows": _with_sections(
            [_row(r, timed=timed, future=future, titles_listed=part_two_titles_listed(board)) for r in rows],
            council=parts.is_council(board),
        ),
        "part_two": any(r.part_two for r in rows),
    }


def _with_sections(rows: list[dict[str, Any]], *, council: bool) -> list[dict[str, Any]]:
    """Each main row that opens Part I or Part II carries its heading (``section``), drawn just above it."""
    for row in rows:
        row["section"] = None
    main = [row for row in rows if not row["depth"]]
    starts = parts.section_starts([row["part_two"] for row in main], council=council)
    for index, row in enumerate(main):
        row["section"] = starts[index].as_data() if index in starts else None
    return rows


# Rendering --------------------------------------------------------------------------------------------


def contents_entries(rows: list[ItemSources], plan: PackPlan) -> list[dict[str, Any]]:
    """Each item with papers, and each paper with the pack page it starts on."""
    out = []
    for row in rows:
        placement = plan.placements.get(row.number)
        if placement is None:
            continue
        page = placement.first_page
        papers = []
        for source in row.sources:
            papers.append({"title": source.bookmark_title, "page": page})
            page += source.page_count
        out.append({"number": row.number, "title": row.entry.item.title, "papers": papers})
    return out


def render_front_matter(
    data: dict[str, Any],
    *,
    plan: PackPlan,
    rows: list[ItemSources],
    output: Path,
    contents: bool = True,
    issue_date: datetime.date | None = None,
) -> FrontMatter:
    """Render the front sheet, the agenda with its "(Pages A - B)" references and the contents page."""
    import weasyprint

    issued = datetime.date.fromisoformat(data["issue_date"]) if data["issue_date"] else issue_date
    table = []
    for row in data["rows"]:
        placement = plan.placements.get(row["number"])
        table.append({**row, "pages_text": placement.pages_text if placement else ""})
    entries = contents_entries(rows, plan) if contents else []
    html = loader.render_to_string(
        TEMPLATE,
        {
            **data,
            "rows": table,
            "issue_date": pack_date(issued or clock_today()),
            "contents": entries,
        },
    )
    stylesheet, font_config = _weasy_style()
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=font_config
    )
    bookmarks = [("Front sheet", 0)]
    for anchor, title in (("agenda", "Agenda"), ("contents", "Contents")):
        index = next((i for i, page in enumerate(document.pages) if anchor in page.anchors), None)
        if index is not None:
            bookmarks.append((title, index))
    document.write_pdf(output)
    return FrontMatter(path=output, page_count=len(document.pages), bookmarks=bookmarks)


def render_document(template: str, context: dict[str, Any], *, output: Path) -> int:
    """Render a generated document (work programme, action log, ...) with the pack's print stylesheet.

    Returns its page count. The pack stamps page numbers on it like on any paper.
    """
    import weasyprint

    html = loader.render_to_string(template, context)
    stylesheet, font_config = _weasy_style()
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=font_config
    )
    document.write_pdf(output)
    return len(document.pages)
