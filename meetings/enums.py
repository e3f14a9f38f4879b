"""Choices for meetings, agenda items, packs, attendance and declarations of interest."""

from django.db import models

from boards.enums import BoardKind


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinary meeting"
    EXTRAORDINARY = "extraordinary", "Extraordinary meeting"
    DEEP_DIVE = "deep_dive", "Informal deep dive"
    DEVELOPMENT = "development", "Development session"
    WORKSHOP = "workshop", "Workshop"


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
    FUTURE_DATES = "future_dates", "Future meeting dates"


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
