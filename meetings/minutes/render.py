"""The minutes as a document: the same text as a PDF (WeasyPrint) and as a fragment of a web page.

* :func:`minutes_context` reads everything the document shows, in a fixed number of queries whatever the
  number of minutes, decisions and actions, into plain view objects (:class:`MinutesDoc`); the edition
  decides what a Part II minute shows (the public reads its number, heading and exemption only).
* The partials ``meetings/minutes/partials/body_partnership.html`` and ``body_council.html`` lay out that
  context for a web page (Bootstrap classes) and, wrapped by ``document_partnership.html`` or
  ``document_council.html``, for print with ``static/css/minutes-print.css``.
* :func:`minutes_document_html` is the whole document (hashed as the fingerprint of a draft, so it is
  deterministic: no timestamps, no random ids) or the fragment alone; :func:`render_minutes_pdf` prints it
  as a tagged PDF (PDF/UA-1) with bookmarks for each minute, "Page N of M" and, for a draft, a DRAFT mark
  on every page.

Two styles, as :class:`~meetings.enums.MinutesStyle` says:

* a partnership board's notes: "NOTES OF MEETING HELD ON ...", Present / Apologies / In attendance tables
  (Name | Role | Organisation), numbered items in capitals, "The Board agreed:" with bullets, and the
  actions in an ACTION BY column holding the owners' initials ("KT/SA") and when they are due;
* a council committee's minutes: the council, the committee, "Minutes of the Meeting held on ...",
  "Present:" (the chair first, councillors in columns), co-opted members, substitutes, officers,
  apologies; minutes numbered through the municipal year ("23. Title"), "Resolved: That ..." with
  numbered recommendations (i), (ii) to their addressees, and actions listed under each minute.

User text is escaped by the templates' autoescaping, except the discussion, which is Markdown made safe
by :func:`meetings.minutes.markdown.notes_html`.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.template import loader
from django.utils import timezone
from django.utils.safestring import SafeString

from boards.enums import Role

from ..attendance import declarations_for, register_rows
from ..enums import AttendanceStatus, DecisionWording, MeetingKind, MinutesStatus, MinutesStyle, PackEdition, Standing
from ..packs.render import clock, pack_date
from ..parts import SCHEDULE_12A
from ..visibility import part_two_titles_listed
from .markdown import notes_html
from .models import Decision, Minute, MinutedAction, MinutedActionOwner, Minutes, MinutesDocument, Recommendation

#: The body of the document, one per style: included by the minutes pages and by the print documents.
BODY_TEMPLATES = {
    MinutesStyle.PARTNERSHIP: "meetings/minutes/partials/body_partnership.html",
    MinutesStyle.COUNCIL: "meetings/minutes/partials/body_council.html",
}
#: The whole printed document, one per style (it includes the body).
DOCUMENT_TEMPLATES = {
    MinutesStyle.PARTNERSHIP: "meetings/minutes/document_partnership.html",
    MinutesStyle.COUNCIL: "meetings/minutes/document_council.html",
}
#: Templates the bodies and documents include: part of the layout, like them.
INCLUDED_TEMPLATES = (
    "meetings/minutes/partials/_document.html",
    "meetings/minutes/partials/_register_partnership.html",
    "meetings/minutes/partials/_register_council.html",
    "meetings/minutes/partials/_minute_head.html",
    "meetings/minutes/partials/_decisions.html",
    "meetings/minutes/partials/_recommendations.html",
    "meetings/minutes/partials/_declarations.html",
    "meetings/minutes/partials/_sign_off.html",
)
STYLESHEET = "css/minutes-print.css"
#: Bump for a layout change that the templates' and stylesheet's hashes would not show.
LAYOUT_VERSION = "1"
#: WeasyPrint's tagged PDF: structure tree, /MarkInfo, the document's language and title.
PDF_VARIANT = "pdf/ua-1"

#: A public edition's heading for a Part II minute of a board whose Part II titles are not published.
UNNAMED_PART_TWO = "Confidential item (Part II)"
#: Roles of people who support a council committee: listed as officers when in attendance.
_OFFICER_ROLES = {Role.COORDINATOR, Role.OFFICER, Role.ADVISER}
_COUNCILLOR_TITLES = {"cllr", "cllr.", "councillor", "county councillor", "county cllr"}
_ROMAN = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


# View objects: what the templates read ---------------------------------------------------------------


@dataclass
class RegisterLine:
    """A person in a partnership board's register table; ``notes`` print after the name in brackets."""

    name: str
    role: str
    organisation: str
    notes: list[str] = field(default_factory=list)


@dataclass
class RegisterTable:
    caption: str
    lines: list[RegisterLine]


@dataclass
class CouncilRegister:
    """A council committee's register as its minutes print it: lists of names."""

    chair: str = ""
    councillors: list[str] = field(default_factory=list)
    co_opted: list[str] = field(default_factory=list)
    substitutes: list[str] = field(default_factory=list)
    also_attending: list[str] = field(default_factory=list)
    officers: list[str] = field(default_factory=list)
    apologies: list[str] = field(default_factory=list)

    @property
    def others(self) -> list[tuple[str, list[str], bool]]:
        """The lists after "Present:", each with its label and whether its names print in columns (short
        names do; a name with a role or a seat stood in for reads better across the page), in the order
        council minutes print them."""
        groups = [
            ("Co-opted members", self.co_opted, False),
            ("Substitutes", self.substitutes, False),
            ("Also in attendance", self.also_attending, False),
            ("Officers", self.officers, False),
            ("Apologies", self.apologies, True),
        ]
        return [(label, names, columns) for label, names, columns in groups if names]

    @property
    def is_empty(self) -> bool:
        return not (self.chair or self.councillors or self.others)


@dataclass
class RecommendationView:
    label: str  # "(i)"
    text: str
    addressee: str  # "to the Cabinet Member for ...", or ""


@dataclass
class DecisionView:
    pk: int
    resolved: bool
    text: str
    addressee: str  # "to ...", or ""
    register_number: str
    recommendations: list[RecommendationView]


@dataclass
class DecisionGroup:
    """Consecutive decisions printed together: agreed ones share one "The Board agreed:" heading."""

    agreed: bool
    decisions: list[DecisionView]


@dataclass
class ActionView:
    pk: int
    text: str
    initials: str  # "KT/SA"
    owner_names: str  # "Karl Turner, Sarah Ashcroft"
    due: str  # "Next meeting", "30 September 2015" or ""

    @property
    def council_detail(self) -> str:
        """ "Karl Turner, Sarah Ashcroft, by 30 September 2015" (in brackets after the action)."""
        due = "the next meeting" if self.due == "Next meeting" else self.due
        return ", ".join(part for part in (self.owner_names, f"by {due}" if due else "") if part)


@dataclass
class DeclarationView:
    name: str
    kind: str  # "Conflict of interest"
    about: str  # "item 4 (Child sexual exploitation)", "minute 23 (Budget)"
    description: str
    left_room: bool

    @property
    def sentence(self) -> str:
        """ "Karl Turner declared a conflict of interest in item 4 (Child sexual exploitation): trustee of a
        bidder. They left the room for the item."
        """
        kind = self.kind.lower()
        article = "an" if kind[:1] in "aeiou" else "a"
        text = f"{self.name} declared {article} {kind} in {self.about}"
        description = " ".join(self.description.split()).rstrip(".")
        text += f": {description}." if description else "."
        return f"{text} They left the room for the item." if self.left_room else text


@dataclass
class MinuteView:
    pk: int
    number: str
    title: str
    number_label: str  # as printed before the heading: "4", "23." or "" (an addendum)
    heading_text: str  # the title, "Confidential item (Part II)", or "Addendum: MASPI action plan"
    level: int
    is_addendum: bool
    part_two: bool
    withheld: bool  # a Part II minute in the public edition: its heading and exemption only
    exemption: str
    notes: SafeString | str = ""
    groups: list[DecisionGroup] = field(default_factory=list)
    actions: list[ActionView] = field(default_factory=list)
    declarations: list[DeclarationView] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return " ".join(part for part in (self.number_label, self.heading_text) if part)

    @property
    def label(self) -> str:
        """How the page names the minute: "minute 4", "the addendum"."""
        return "the addendum" if self.is_addendum and not self.number else f"minute {self.number or self.title}"


@dataclass
class SignOff:
    """The closing lines: signed as a correct record, awaiting signature, or a draft."""

    signed: str = ""
    confirmed: str = ""
    status: str = ""


@dataclass
class MinutesDoc:
    pk: int
    style: str
    edition: str
    is_notes: bool
    board_name: str
    authority: str  # a council committee's council, printed above the committee
    title: str  # "Notes of meeting held on Thursday, 21 May 2015 at ..." (as the heading prints it)
    document_title: str  # the PDF's title: the board and the heading
    title_in_capitals: bool
    agreed_label: str  # "The Board agreed:" / "The Committee agreed:"
    edition_note: str
    register_tables: list[RegisterTable]
    council_register: CouncilRegister
    quorum: str
    declarations: list[DeclarationView]  # printed after the register when no minute is for them
    minutes: list[MinuteView]
    sign_off: SignOff
    body_template: str

    @property
    def is_council(self) -> bool:
        return self.style == MinutesStyle.COUNCIL


# Wording ----------------------------------------------------------------------------------------------


def roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _to(addressee: str) -> str:
    addressee = " ".join(addressee.split()).rstrip(".")
    if not addressee:
        return ""
    return addressee if addressee.lower().startswith("to ") else f"to {addressee}"


def _exemption(*, council: bool, paragraph: int | None, reason: str) -> str:
    """Why a Part II minute is not published: a council committee's paragraph of Schedule 12A, or the reason
    in words."""
    if council and paragraph:
        return f"Not for publication by virtue of paragraph {paragraph} of {SCHEDULE_12A}"
    reason = " ".join(reason.split())
    return f"Not for publication: {reason}" if reason else "Not for publication"


def _is_councillor_title(honorific: str) -> bool:
    return honorific.strip().lower() in _COUNCILLOR_TITLES


def council_name(person, *, councillor: bool) -> str:
    """ "Councillor Jane Smith" ("Cllr" written out; "County Councillor" kept) for a councillor, otherwise the
    person's name as entered."""
    if _is_councillor_title(person.honorific):
        title = " ".join(
            "Councillor" if word.lower().rstrip(".") == "cllr" else word for word in person.honorific.split()
        )
        return " ".join(part for part in (title, person.first_name, person.last_name) if part)
    if councillor:
        return f"Councillor {person.full_name}"
    return person.full_name


def _where(meeting) -> str:
    """ "at <the venue's address>", "online", or nothing when the venue is still to be confirmed."""
    if meeting.venue_id:
        return f"at {meeting.venue.full_address}"
    return "online" if meeting.online_link else ""


def _title(minutes: Minutes, meeting) -> str:
    """The heading: "Notes of meeting held on Thursday, 21 May 2015 at ...", "Minutes of the Meeting held on
    Thursday, 21 May 2015 at 2.00 pm, ...", "Notes of informal session (deep dive) held on ..."."""
    where = _where(meeting)
    date = pack_date(meeting.date)
    council = minutes.style == MinutesStyle.COUNCIL
    if council and not minutes.is_notes:
        kind = "Extraordinary Meeting" if meeting.kind == MeetingKind.EXTRAORDINARY else "Meeting"
        place = f", {where.removeprefix('at ')}" if where else ""
        return f"Minutes of the {kind} held on {date} at {clock(meeting.start_time)}{place}"
    if minutes.is_notes:
        kind = meeting.kind_phrase
    else:
        kind = "extraordinary meeting" if meeting.kind == MeetingKind.EXTRAORDINARY else "meeting"
    when = f"{date}, {clock(meeting.start_time)}" if council else date
    return " ".join(part for part in (f"Notes of {kind} held on {when}", where) if part)


# Reading ----------------------------------------------------------------------------------------------


def _minutes_rows(minutes: Minutes) -> list[Minute]:
    owners = MinutedActionOwner.objects.select_related("person").order_by("position", "pk")
    return list(
        Minute.objects.filter(minutes=minutes)
        .select_related("agenda_item")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("recommendations", queryset=Recommendation.objects.order_by("position", "pk"))
                ),
            ),
            Prefetch(
                "actions",
                queryset=MinutedAction.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("owner_rows", queryset=owners)
                ),
            ),
        )
        .order_by("is_addendum", "position", "pk")
    )


def _decision_groups(decisions: list[Decision]) -> list[DecisionGroup]:
    groups: list[DecisionGroup] = []
    for decision in decisions:
        resolved = decision.wording == DecisionWording.RESOLVED
        view = DecisionView(
            pk=decision.pk,
            resolved=resolved,
            text=decision.text,
            addressee=_to(decision.addressee),
            register_number=decision.register_number,
            recommendations=[
                RecommendationView(label=f"({roman(index)})", text=rec.text, addressee=_to(rec.addressee))
                for index, rec in enumerate(decision.recommendations.all(), start=1)
            ],
        )
        if not resolved and groups and groups[-1].agreed:
            groups[-1].decisions.append(view)
        else:
            groups.append(DecisionGroup(agreed=not resolved, decisions=[view]))
    return groups


def _due(action: MinutedAction) -> str:
    if action.due_next_meeting:
        return "Next meeting"
    return _day(action.due_date) if action.due_date else ""


def _owner_names(action: MinutedAction) -> str:
    """A council's way with the owners' names: "Councillor Andrea Kay, Gary Halsall"."""
    rows = sorted(action.owner_rows.all(), key=lambda row: (row.position, row.pk))
    return ", ".join(council_name(row.person, councillor=False) for row in rows)


def _heading(minute: Minute, *, council: bool, title: str) -> tuple[str, str]:
    """(number, text) as the heading prints them: ("4", "Safeguarding"), ("23.", "Budget"), an addendum's
    ("", "Addendum: MASPI action plan")."""
    if minute.is_addendum and not minute.number:
        return "", title if title.lower().startswith("addendum") else f"Addendum: {title}"
    if not minute.number:
        return "", title
    return (f"{minute.number}." if council else minute.number), title


def _minute_views(rows: list[Minute], *, council: bool, public: bool, titles_listed: bool) -> list[MinuteView]:
    views = []
    for minute in rows:
        withheld = public and minute.confidential
        title = minute.title
        exemption = ""
        if minute.confidential:
            if withheld and not titles_listed:
                title = UNNAMED_PART_TWO
            elif withheld and council and not minute.exemption_paragraph:
                exemption = " ".join(minute.exemption_reason.split())
            else:
                exemption = _exemption(
                    council=council, paragraph=minute.exemption_paragraph, reason=minute.exemption_reason
                )
        number_label, heading_text = _heading(minute, council=council, title=title)
        view = MinuteView(
            pk=minute.pk,
            number=minute.number,
            title=title,
            number_label=number_label,
            heading_text=heading_text,
            level=minute.level,
            is_addendum=minute.is_addendum,
            part_two=minute.confidential,
            withheld=withheld,
            exemption=exemption,
        )
        if not withheld:
            view.notes = notes_html(minute.notes)
            view.groups = _decision_groups(list(minute.decisions.all()))
            view.actions = [
                ActionView(
                    pk=action.pk,
                    text=action.text,
                    initials=action.owner_initials,
                    owner_names=_owner_names(action) if council else action.owner_names,
                    due=_due(action),
                )
                for action in minute.actions.all()
            ]
        views.append(view)
    return views


def _register_notes(row, *, item_label) -> list[str]:
    notes = []
    if row.is_chair:
        notes.append("Chair")
    if row.status == AttendanceStatus.DEPUTY and row.for_member_id:
        notes.append(f"deputy for {row.for_member.person.full_name}")
    elif row.status == AttendanceStatus.SUBSTITUTE and row.for_member_id:
        notes.append(f"substitute for {row.for_member.person.full_name}, for this meeting only")
    if row.arrived_at_item_id:
        notes.append(f"arrived during {item_label(row.arrived_at_item)}")
    if row.left_at_item_id:
        notes.append(f"left during {item_label(row.left_at_item)}")
    if row.note.strip():
        notes.append(" ".join(row.note.split()))
    return notes


def _register_tables(rows, *, item_label) -> list[RegisterTable]:
    present, apologies, attending = [], [], []
    groups = {
        AttendanceStatus.PRESENT: present,
        AttendanceStatus.DEPUTY: present,
        AttendanceStatus.SUBSTITUTE: present,
        AttendanceStatus.APOLOGIES: apologies,
        AttendanceStatus.IN_ATTENDANCE: attending,
    }
    for row in rows:
        group = groups.get(row.status)
        if group is None:  # absent: the notes list who came and who sent apologies
            continue
        group.append(
            RegisterLine(
                name=row.person.full_name,
                role=row.role,
                organisation=row.organisation,
                notes=_register_notes(row, item_label=item_label),
            )
        )
    tables = [("Present", present), ("Apologies", apologies), ("In attendance", attending)]
    return [RegisterTable(caption=caption, lines=lines) for caption, lines in tables if lines]


def _council_register(rows, *, authority: str, item_label) -> CouncilRegister:
    register = CouncilRegister()

    def with_notes(text: str, row) -> str:
        extra = [note for note in _register_notes(row, item_label=item_label) if note != "Chair"]
        extra = [note for note in extra if not note.startswith(("deputy for", "substitute for"))]
        return f"{text} ({'; '.join(extra)})" if extra else text

    for row in rows:
        person = row.person
        seat_role = row.seat.role if row.seat_id else ""
        if row.status == AttendanceStatus.PRESENT:
            if row.is_chair:
                register.chair = with_notes(
                    f"{council_name(person, councillor=seat_role != Role.CO_OPTED)} (Chair)", row
                )
            elif seat_role == Role.CO_OPTED:
                kind = row.seat.co_opted_type or row.organisation
                register.co_opted.append(with_notes(f"{person.full_name}{f' ({kind})' if kind else ''}", row))
            else:
                councillor = bool(seat_role) or _is_councillor_title(person.honorific)
                register.councillors.append(with_notes(council_name(person, councillor=councillor), row))
        elif row.status in (AttendanceStatus.DEPUTY, AttendanceStatus.SUBSTITUTE) and row.for_member_id:
            seat = row.for_member
            name = council_name(person, councillor=seat.role != Role.CO_OPTED)
            stood_for = council_name(seat.person, councillor=seat.role != Role.CO_OPTED)
            register.substitutes.append(with_notes(f"{name} (for {stood_for})", row))
        elif row.status == AttendanceStatus.APOLOGIES:
            register.apologies.append(council_name(person, councillor=seat_role not in ("", Role.CO_OPTED)))
        elif row.status == AttendanceStatus.IN_ATTENDANCE:
            officer = seat_role in _OFFICER_ROLES or (
                not _is_councillor_title(person.honorific) and bool(authority) and row.organisation == authority
            )
            if officer:
                register.officers.append(with_notes(f"{person.full_name}{f' ({row.role})' if row.role else ''}", row))
            else:
                detail = ", ".join(part for part in (row.role, row.organisation) if part)
                name = council_name(person, councillor=False)
                register.also_attending.append(with_notes(f"{name}{f' ({detail})' if detail else ''}", row))
    return register


def _quorum(meeting) -> str:
    """The quorum as recorded when the register was saved, for a board that sets one."""
    record = meeting.quorum_record or {}
    if not record.get("members_needed"):
        return ""
    if record.get("sentence"):
        return record["sentence"]
    if meeting.quorate is None:
        return ""
    return "Quorate." if meeting.quorate else "Not quorate."


def _sign_off(minutes: Minutes, sign_off: MinutesDocument | None) -> SignOff:
    if minutes.is_notes:
        return SignOff()
    confirmed_at = minutes.confirmed_at_meeting
    confirmed = f"Confirmed at the meeting of {pack_date(confirmed_at.date)}" if confirmed_at else ""
    if sign_off is not None or minutes.status == MinutesStatus.SIGNED:
        source = sign_off if sign_off is not None else minutes
        when = source.signed_at or minutes.signed_at
        date = pack_date(timezone.localtime(when).date()) if when else ""
        parts = [part for part in (source.signer_name, source.signer_role, date) if part]
        return SignOff(signed=f"Signed as a correct record: {', '.join(parts)}", confirmed=confirmed)
    if minutes.status == MinutesStatus.CONFIRMED:
        return SignOff(confirmed=confirmed, status="Awaiting the signature of the person who presided.")
    if minutes.status == MinutesStatus.AMENDING:
        return SignOff(status="Draft correction: not yet signed")
    return SignOff(status="Draft: not yet confirmed")


def minutes_context(minutes: Minutes, *, edition: str, sign_off: MinutesDocument | None = None) -> dict:
    """Everything the minutes' templates show, for ``edition`` (:class:`~meetings.enums.PackEdition`), as
    ``{"doc": MinutesDoc}``; ``sign_off``: the signed document being printed. Eight queries, whatever the
    number of minutes, decisions and actions."""
    if edition not in PackEdition.values:
        raise ValueError(f"Unknown edition of the minutes: {edition!r}")
    minutes = Minutes.objects.select_related("meeting__board", "meeting__venue", "confirmed_at_meeting").get(
        pk=minutes.pk
    )
    meeting = minutes.meeting
    board = meeting.board
    council = minutes.style == MinutesStyle.COUNCIL
    public = edition == PackEdition.PUBLIC
    titles_listed = part_two_titles_listed(board)
    rows = _minutes_rows(minutes)
    by_item = {minute.agenda_item_id: minute for minute in rows if minute.agenda_item_id}

    def item_label(item) -> str:
        minute = by_item.get(item.pk)
        number = minute.number if minute is not None else item.published_number
        noun = "minute" if council else "item"
        return f"{noun} {number}" if number else f"“{item.title}”"

    views = _minute_views(rows, council=council, public=public, titles_listed=titles_listed)
    view_of = {view.pk: view for view in views}

    declarations: list[DeclarationView] = []
    standing_minute = next(
        (m for m in rows if m.agenda_item_id and m.agenda_item.standing == Standing.DECLARATIONS), None
    )
    for declaration in declarations_for(meeting):
        minute = by_item.get(declaration.item_id)
        private = minute.confidential if minute is not None else declaration.item.confidential
        if public and private and not titles_listed:
            continue
        if minute is not None and minute.number:
            shown = view_of[minute.pk].title
            about = f"{'minute' if council else 'item'} {minute.number} ({shown})"
        else:
            about = f"“{declaration.item.title}”"
        declarations.append(
            DeclarationView(
                name=council_name(declaration.person, councillor=False) if council else declaration.person.full_name,
                kind=declaration.get_interest_type_display(),
                about=about,
                description=declaration.description,
                left_room=declaration.left_room,
            )
        )
    if standing_minute is not None and not view_of[standing_minute.pk].withheld:
        view_of[standing_minute.pk].declarations = declarations
        declarations = []

    register = list(register_rows(meeting))
    style = MinutesStyle.COUNCIL if council else MinutesStyle.PARTNERSHIP
    title = _title(minutes, meeting)
    edition_note = ""
    if not public and any(minute.confidential for minute in rows):
        edition_note = "Members' edition: it contains Part II (exempt) minutes, which are not for publication."
    doc = MinutesDoc(
        pk=minutes.pk,
        style=style,
        edition=edition,
        is_notes=minutes.is_notes,
        board_name=board.name,
        authority=board.front_sheet_authority if council else "",
        title=title,
        document_title=f"{board.name}: {title}",
        title_in_capitals=not council and not minutes.is_notes,
        agreed_label="The Committee agreed:" if council else "The Board agreed:",
        edition_note=edition_note,
        register_tables=[] if council else _register_tables(register, item_label=item_label),
        council_register=(
            _council_register(register, authority=board.front_sheet_authority, item_label=item_label)
            if council
            else CouncilRegister()
        ),
        quorum=_quorum(meeting),
        declarations=declarations,
        minutes=views,
        sign_off=_sign_off(minutes, sign_off),
        body_template=BODY_TEMPLATES[style],
    )
    return {"doc": doc}


def body_template(minutes: Minutes) -> str:
    """The partial a page includes for these minutes, with :func:`minutes_context`."""
    return BODY_TEMPLATES[MinutesStyle.COUNCIL if minutes.style == MinutesStyle.COUNCIL else MinutesStyle.PARTNERSHIP]


# The document -----------------------------------------------------------------------------------------


def stylesheet_path() -> Path:
    from meetings.packs.render import static_file

    return static_file(STYLESHEET)


@cache
def layout_fingerprint() -> str:
    """A hash of the templates, the print stylesheet and this module: printed in the document's head, so a
    change of layout gives a draft a new fingerprint and it is built again."""
    digest = hashlib.sha256(LAYOUT_VERSION.encode())
    names = (*BODY_TEMPLATES.values(), *DOCUMENT_TEMPLATES.values(), *INCLUDED_TEMPLATES)
    for path in (*(loader.get_template(name).origin.name for name in names), stylesheet_path(), __file__):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


def minutes_document_html(
    minutes: Minutes,
    *,
    edition: str,
    for_pdf: bool = True,
    watermark: bool = False,
    sign_off: MinutesDocument | None = None,
) -> str:
    """The minutes as HTML: the whole document WeasyPrint prints (``for_pdf``), or the body alone, for a web
    page. Deterministic: the same minutes give the same text, byte for byte."""
    context = minutes_context(minutes, edition=edition, sign_off=sign_off)
    doc = context["doc"]
    if not for_pdf:
        return loader.render_to_string(doc.body_template, context)
    return loader.render_to_string(
        DOCUMENT_TEMPLATES[doc.style],
        {**context, "first_heading": 1, "watermark": watermark, "layout": layout_fingerprint()},
    )


_local = threading.local()


def _weasy_style():
    """The print stylesheet and its font configuration, parsed once per thread (again when the file changes)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    path = stylesheet_path()
    key = (str(path), path.stat().st_mtime_ns)
    cached = getattr(_local, "style", None)
    if cached is None or cached[0] != key:
        font_config = FontConfiguration()
        cached = _local.style = (key, weasyprint.CSS(filename=str(path), font_config=font_config), font_config)
    return cached[1], cached[2]


def render_minutes_pdf(
    minutes: Minutes, *, edition: str, watermark: bool, sign_off: MinutesDocument | None = None
) -> bytes:
    """The minutes as a tagged PDF (PDF/UA-1): titled, in British English, a bookmark for each minute,
    "Page N of M" at the foot of each page, DRAFT on every page when ``watermark``, and the sign-off line
    when ``sign_off`` (the signed document being built) is given."""
    import weasyprint

    html = minutes_document_html(minutes, edition=edition, for_pdf=True, watermark=watermark, sign_off=sign_off)
    stylesheet, font_config = _weasy_style()
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant=PDF_VARIANT
    )
