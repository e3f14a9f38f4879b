"""The wording of a board's front sheet, and its defaults per kind of body.

A council committee's pack opens with the council's notice of meeting: the council's name, a notice line,
the proper officer who signs it and their title, and whom to ask about the meeting. Other boards' front
sheets carry none of this and keep the partnership layout (:mod:`meetings.packs.render`).
"""

from __future__ import annotations

from .enums import COUNCIL_KINDS

#: The board's fields that word its front sheet, in the order the settings page shows them.
FRONT_SHEET_FIELDS = (
    "front_sheet_authority",
    "front_sheet_notice",
    "front_sheet_signatory",
    "front_sheet_signatory_title",
    "front_sheet_enquiries",
)

_COUNCIL_DEFAULTS = {
    "front_sheet_notice": "Notice of Meeting",
    "front_sheet_signatory_title": "Head of Democratic Services",
}


def front_sheet_defaults(kind: str) -> dict[str, str]:
    """What a new board of this kind starts with: the council's wording for a council's committees,
    nothing for the others (whose front sheet does not print it)."""
    return dict(_COUNCIL_DEFAULTS) if kind in COUNCIL_KINDS else {}


def fill_front_sheet_defaults(fields: dict, kind: str) -> dict:
    """``fields`` with each blank front-sheet field given the kind's default (what was typed stays)."""
    for name, value in front_sheet_defaults(kind).items():
        if not (fields.get(name) or "").strip():
            fields[name] = value
    return fields
