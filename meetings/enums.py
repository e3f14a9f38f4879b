"""Choices for meetings, agenda items, packs, attendance and declarations of interest."""

from django.db import models

from boards.enums import BoardKind


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinary meeting"
    EXTRAORDINARY = "extraordinary", "Extraordinary meeting"
    DEEP_DIVE = "deep_dive", "Informal deep dive"
    DEVELOPMENT = "development", "Development session"
    WORKSHOP = "workshop", "Workshop"


#: Informal sessions: notes rather than minutes, and no formal standing items on their agendas.
INFORMAL_KINDS = (MeetingKind.DEEP_DIVE, MeetingKind.DEVELOPMENT, MeetingKind.WORKSHOP)
#: How an agenda names the kind of a meeting ("Date of the next meeting: informal session (deep dive), ...").
KIND_PHRASES = {
    MeetingKind.ORDINARY: "formal meeting",
    MeetingKind.EXTRAORDINARY: "extraordinary meeting",
    MeetingKind.DEEP_DIVE: "informal session (deep dive)",
    MeetingKind.DEVELOPMENT: "informal session (development session)",
    MeetingKind.WORKSHOP: "informal session (workshop)",
}


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    POSTPONED = "postponed", "Postponed"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Held"


class ItemFor(models.TextChoices):
    INFORMATION = "information", "Information"
    DISCUSSION = "discussion", "Discussion"
    DECISION = "decision", "Decision"
    ACTION = "action", "Action"
    ASSURANCE = "assurance", "Assurance"
    TO_NOTE = "to_note", "To note"
    TO_AGREE = "to_agree", "To agree"


class Standing(models.TextChoices):
    """Standing items every agenda has; some fill themselves in (future meeting dates)."""

    WELCOME = "welcome", "Welcome and apologies"
    DECLARATIONS = "declarations", "Declarations of interest"
    MINUTES = "minutes", "Minutes of the last meeting and matters arising"
    ACTION_LOG = "action_log", "Action log"
    AOB = "aob", "Any other business"
    URGENT_BUSINESS = "urgent_business", "Urgent business"
    FUTURE_DATES = "future_dates", "Future meeting dates"


class ExemptParagraph(models.IntegerChoices):
    """The descriptions of exempt information in Part 1 of Schedule 12A to the Local Government Act 1972
    (England), by paragraph: a council committee's Part II item names the one it relies on."""

    INDIVIDUAL = 1, "Information relating to any individual"
    IDENTITY = 2, "Information which is likely to reveal the identity of an individual"
    FINANCIAL = (
        3,
        (
            "Information relating to the financial or business affairs of any particular person "
            "(including the authority holding that information)"
        ),
    )
    LABOUR_RELATIONS = (
        4,
        (
            "Information relating to any consultations or negotiations, or contemplated consultations or "
            "negotiations, in connection with any labour relations matter arising between the authority or a "
            "Minister of the Crown and employees of, or office holders under, the authority"
        ),
    )
    LEGAL_PRIVILEGE = (
        5,
        (
            "Information in respect of which a claim to legal professional privilege could be maintained in legal "
            "proceedings"
        ),
    )
    NOTICES_AND_ORDERS = (
        6,
        (
            "Information which reveals that the authority proposes (a) to give under any enactment a notice under "
            "or by virtue of which requirements are imposed on a person; or (b) to make an order or direction under "
            "any enactment"
        ),
    )
    CRIME = (
        7,
        (
            "Information relating to any action taken or to be taken in connection with the prevention, "
            "investigation or prosecution of crime"
        ),
    )


class PlannedFor(models.TextChoices):
    """When a work programme topic is planned for, in the order the work programme lists them."""

    MEETING = "meeting", "A meeting"
    MONTH = "month", "A month"
    QUARTER = "quarter", "A quarter"
    TBC = "tbc", "To be confirmed"


class PackEdition(models.TextChoices):
    MEMBERS = "members", "Members' edition"
    PUBLIC = "public", "Public edition"


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Building"
    DONE = "done", "Built"
    UNCHANGED = "unchanged", "Already up to date"
    FAILED = "failed", "Failed"


class PaperStatus(models.TextChoices):
    CONVERTING = "converting", "Converting"
    READY = "ready", "Ready"
    REFUSED = "refused", "Refused"


class PaperKind(models.TextChoices):
    """What a paper is. Only appendices are lettered ("Appendix 6(a)"); the others go by their kind's name."""

    REPORT = "report", "Report"
    APPENDIX = "appendix", "Appendix"
    MINUTES = "minutes", "Minutes"
    PRESENTATION = "presentation", "Presentation"
    BACKGROUND = "background", "Background paper"


class SeriesFrequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    TERMLY = "termly", "Every four months"
    HALF_YEARLY = "half_yearly", "Every six months"


SERIES_MONTHS = {
    SeriesFrequency.MONTHLY: 1,
    SeriesFrequency.BIMONTHLY: 2,
    SeriesFrequency.QUARTERLY: 3,
    SeriesFrequency.TERMLY: 4,
    SeriesFrequency.HALF_YEARLY: 6,
}


class SeriesRule(models.TextChoices):
    """How the later dates of a series follow from the first one."""

    NTH_WEEKDAY = "nth_weekday", "The same weekday of the month (e.g. the third Thursday)"
    LAST_WEEKDAY = "last_weekday", "The last weekday of the month (e.g. the last Thursday)"
    SAME_DATE = "same_date", "The same date of the month (e.g. the 15th)"


class StandInKind(models.TextChoices):
    DEPUTY = "deputy", "Deputy"
    SUBSTITUTE = "substitute", "Substitute for this meeting only"


class AttendanceStatus(models.TextChoices):
    """How one person is recorded in a meeting's register."""

    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    DEPUTY = "deputy", "Deputy attended"
    SUBSTITUTE = "substitute", "Substitute for this meeting only"
    ABSENT = "absent", "Absent"
    IN_ATTENDANCE = "in_attendance", "In attendance"


#: Statuses of someone attending in a member's place (the row names the member's seat).
STANDING_IN = (AttendanceStatus.DEPUTY, AttendanceStatus.SUBSTITUTE)
#: Statuses of someone in the room.
ATTENDED = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.DEPUTY,
    AttendanceStatus.SUBSTITUTE,
    AttendanceStatus.IN_ATTENDANCE,
)


class InterestType(models.TextChoices):
    """Kinds of interest a person registers or declares. Which apply depends on the kind of board."""

    # A council's code of conduct (Localism Act 2011 and the code adopted under it).
    DISCLOSABLE_PECUNIARY = "disclosable_pecuniary", "Disclosable pecuniary interest"
    OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
    NON_REGISTRABLE = "non_registrable", "Non-registrable interest"
    # Partnership boards and other bodies.
    CONFLICT = "conflict", "Conflict of interest"


#: The interest types of council committees (their members follow the council's code of conduct).
COUNCIL_INTEREST_TYPES = (
    InterestType.DISCLOSABLE_PECUNIARY,
    InterestType.OTHER_REGISTRABLE,
    InterestType.NON_REGISTRABLE,
)
#: Board kinds whose members declare interests under a council's code of conduct; every other kind of
#: board records conflicts of interest.
COUNCIL_BOARD_KINDS = (BoardKind.COUNCIL_COMMITTEE, BoardKind.SCRUTINY_COMMITTEE)


def interest_types_for(board_kind: str) -> tuple[InterestType, ...]:
    """The interest types a board of this kind records: a council's three, or conflicts of interest."""
    return COUNCIL_INTEREST_TYPES if board_kind in COUNCIL_BOARD_KINDS else (InterestType.CONFLICT,)


class MinutesStatus(models.TextChoices):
    """Where a meeting's minutes have got to. Informal sessions have notes, which are simply made final."""

    DRAFT = "draft", "Draft"
    CIRCULATED = "circulated", "Draft circulated to members for comment"
    CONFIRMED = "confirmed", "Confirmed as a correct record, awaiting signature"
    SIGNED = "signed", "Signed off"
    AMENDING = "amending", "Being corrected after sign-off"
    FINAL = "final", "Notes final"


#: Statuses in which the coordinator may still change the text.
MINUTES_EDITABLE = (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED, MinutesStatus.AMENDING)
#: Statuses in which the minutes are approved: confirmed by the board (signed or waiting to be), or notes made final.
MINUTES_APPROVED = (MinutesStatus.CONFIRMED, MinutesStatus.SIGNED, MinutesStatus.FINAL)


class MinutesStyle(models.TextChoices):
    """How the document reads: the partnership board's notes, or a council committee's minutes."""

    PARTNERSHIP = "partnership", "Partnership: “Notes of meeting”, “The Board agreed:”, an ACTION BY column"
    COUNCIL = (
        "council",
        "Council: “Minutes of the Meeting”, numbered through the municipal year, “Resolved: That”",
    )


class DecisionWording(models.TextChoices):
    AGREED = "agreed", "The Board agreed:"
    RESOLVED = "resolved", "Resolved: That ..."


class MinutesDocumentKind(models.TextChoices):
    DRAFT = "draft", "Draft (watermarked)"
    CONFIRMED = "confirmed", "Confirmed, awaiting signature"
    SIGNED = "signed", "Signed"
    NOTES = "notes", "Notes"
