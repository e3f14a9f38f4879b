"""The standing items a new board starts with, by kind of body.

One table: each kind of body that has its own list names it here; the others start with the partnership
board's. Each item is placed before or after the business items (``at_end``). Boards keep what they were
given: a coordinator edits a board's standing items on its standing items page, and this table is read only
when a board is created (:func:`meetings.services.agenda_template_install_default`).
"""

from __future__ import annotations

from dataclasses import dataclass

from boards.enums import BoardKind

from .enums import ItemFor, Standing


@dataclass(frozen=True)
class StandingItem:
    title: str
    item_for: str
    intended_outcome: str
    duration_minutes: int | None
    standing: str
    at_end: bool = False
    #: A document the portal writes for the item (kinds registered by the apps that write them).
    generated_kind: str = ""
    lead_office: str = "Chair"


PARTNERSHIP_BOARD = (
    StandingItem(
        "Welcome, introductions and apologies",
        ItemFor.INFORMATION,
        "The Chair to welcome members to the meeting and note any apologies.",
        5,
        Standing.WELCOME,
    ),
    StandingItem(
        "Declarations of interest",
        ItemFor.INFORMATION,
        "Members to declare any interest in the items on this agenda.",
        5,
        Standing.DECLARATIONS,
    ),
    StandingItem(
        "Minutes of the last meeting and matters arising",
        ItemFor.ACTION,
        "The Board to note the minutes of the last meeting and agree any further action on matters arising.",
        10,
        Standing.MINUTES,
        generated_kind="minutes",
    ),
    StandingItem(
        "Action log",
        ItemFor.ACTION,
        "The Board to review progress on open actions.",
        10,
        Standing.ACTION_LOG,
        generated_kind="action_log",
    ),
    StandingItem("Any other business", ItemFor.DISCUSSION, "", 5, Standing.AOB, at_end=True),
    StandingItem("Future meeting dates", ItemFor.INFORMATION, "", None, Standing.FUTURE_DATES, at_end=True),
)

_COUNCIL_OPENING = (
    StandingItem(
        "Apologies for Absence and Substitutions",
        ItemFor.TO_NOTE,
        "To receive apologies for absence, and to note any substitute members attending for this meeting only.",
        5,
        Standing.WELCOME,
    ),
    StandingItem(
        "Declarations of Interest",
        ItemFor.TO_NOTE,
        "Members to declare any disclosable pecuniary, other registrable or non-registrable interest in the "
        "business on this agenda, under the Council's Code of Conduct.",
        5,
        Standing.DECLARATIONS,
    ),
    StandingItem(
        "Minutes of the Last Meeting",
        ItemFor.TO_AGREE,
        "To confirm the minutes of the last meeting as a correct record, to be signed by the Chair.",
        5,
        Standing.MINUTES,
        generated_kind="minutes",
    ),
)
_COUNCIL_CLOSING = (
    StandingItem(
        "Urgent Business",
        "",
        "An item of urgent business may be considered only where the Chair agrees, for reasons to be recorded "
        "in the minutes.",
        None,
        Standing.URGENT_BUSINESS,
        at_end=True,
    ),
    StandingItem(
        "Date of the Next Meeting",
        ItemFor.TO_NOTE,
        "",
        None,
        Standing.FUTURE_DATES,
        at_end=True,
    ),
)
COUNCIL_COMMITTEE = _COUNCIL_OPENING + _COUNCIL_CLOSING
#: A scrutiny committee reviews its work programme at each meeting, before urgent business.
SCRUTINY_COMMITTEE = (
    *_COUNCIL_OPENING,
    StandingItem(
        "Work Programme",
        ItemFor.TO_AGREE,
        "To consider and agree the Committee's work programme.",
        10,
        "",
        at_end=True,
        generated_kind="work_programme",
    ),
    *_COUNCIL_CLOSING,
)

STANDING_ITEMS: dict[str, tuple[StandingItem, ...]] = {
    BoardKind.COUNCIL_COMMITTEE: COUNCIL_COMMITTEE,
    BoardKind.SCRUTINY_COMMITTEE: SCRUTINY_COMMITTEE,
}


def standing_items_for(kind: str) -> tuple[StandingItem, ...]:
    """The standing items a new board of this kind starts with."""
    return STANDING_ITEMS.get(kind, PARTNERSHIP_BOARD)
