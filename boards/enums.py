"""Choices for boards, organisations and memberships."""

from django.db import models


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other"


class BoardKind(models.TextChoices):
    PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
    SAFEGUARDING_BOARD = "safeguarding_board", "Safeguarding board"
    SCRUTINY_COMMITTEE = "scrutiny_committee", "Scrutiny committee"
    COUNCIL_COMMITTEE = "council_committee", "Council committee"
    EXECUTIVE_BOARD = "executive_board", "Executive board"
    SUB_GROUP = "sub_group", "Sub-group"
    TASK_AND_FINISH = "task_and_finish", "Task and finish group"
    PANEL = "panel", "Panel"


#: Committees of a council. Their packs go out as the council's notice of meeting: the council's name, the
#: members summoned (chair first), the proper officer's name and title, "Part I (Open to Press and Public)".
COUNCIL_KINDS = (BoardKind.COUNCIL_COMMITTEE, BoardKind.SCRUTINY_COMMITTEE)


class NumberingStyle(models.TextChoices):
    LETTERS = "letters", "Letters (3a, 3b)"
    DECIMAL = "decimal", "Decimal (3.1, 3.2)"


class AppendixStyle(models.TextChoices):
    """How a board letters the appendices of an item's papers (the letters restart for each item)."""

    BY_ITEM = "item", "By item number: Appendix 6(a), 6(b)"
    LETTERS = "letters", "By letter: Appendix A, B"


class Role(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice chair"
    DEPUTY_CHAIR = "deputy_chair", "Deputy chair"
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    MEMBER = "member", "Member"
    CO_OPTED = "co_opted", "Co-opted member"
    COORDINATOR = "coordinator", "Coordinator"
    OFFICER = "officer", "Officer"
    ADVISER = "adviser", "Adviser"
    OBSERVER = "observer", "Observer"


#: Roles that chair a meeting, in order of precedence.
CHAIR_ROLES = (Role.CHAIR, Role.INDEPENDENT_CHAIR)
#: Office-holders shown at the top of a board page.
OFFICE_ROLES = (Role.CHAIR, Role.INDEPENDENT_CHAIR, Role.VICE_CHAIR, Role.DEPUTY_CHAIR, Role.COORDINATOR)
#: The board's members proper (office-holders, members, co-optees), as against coordinators, officers,
#: advisers and observers who support it. In the order a "To:" list names them.
SEAT_ROLES = (
    Role.CHAIR,
    Role.INDEPENDENT_CHAIR,
    Role.VICE_CHAIR,
    Role.DEPUTY_CHAIR,
    Role.MEMBER,
    Role.CO_OPTED,
)
#: Roles that vote unless told otherwise.
VOTING_BY_DEFAULT = SEAT_ROLES


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Waiting for confirmation"
    IMPORTED = "imported", "Imported"
    DISCARDED = "discarded", "Discarded"


class PriorityRating(models.TextChoices):
    """How a business plan priority stands, as the board's executive rates it when progress is reported: the
    words come first (a colour only repeats them)."""

    RED = "red", "Red: not progressing as planned"
    AMBER = "amber", "Amber: some slippage, corrective action agreed"
    GREEN = "green", "Green: on track"
    COMPLETE = "complete", "Complete"


#: A rating in one word, for badges and the activity log.
PRIORITY_RATING_WORDS = {
    PriorityRating.RED: "Red",
    PriorityRating.AMBER: "Amber",
    PriorityRating.GREEN: "Green",
    PriorityRating.COMPLETE: "Complete",
}
