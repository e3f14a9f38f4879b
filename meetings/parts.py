"""Part I and Part II: the two sections of an agenda, and how a Part II item's exemption is worded.

Part II is the business a board takes in private. Its items come after every Part I item (the agenda
services refuse an order that puts a Part I item after a Part II one: :mod:`meetings.services.agenda`), so
the press and public are excluded once, for the rest of the meeting. Before the first Part II item every
agenda (the builder, the members' and public pages, the pack) shows the heading "Part II (Not Open to Press
and Public)" and the resolution to exclude the public; a council committee's agenda is also headed
"Part I (Open to Press and Public)" above its first item.

A council committee's Part II item names its paragraph of Part 1 of Schedule 12A to the Local Government
Act 1972; another board's gives its reason in words. Every page of a Part II paper in the members' edition
of the pack carries :func:`publication_notice`, in addition to its "Agenda Item" and "Page" stamps.

Who may read a Part II item, and to whom it is listed by title only, is the visibility rule's business
(:mod:`meetings.visibility`), not this module's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from boards.enums import COUNCIL_KINDS

from .enums import ExemptParagraph

PART_ONE = "I"
PART_TWO = "II"

PART_ONE_HEADING = "Part I (Open to Press and Public)"
PART_TWO_HEADING = "Part II (Not Open to Press and Public)"

#: The resolution a council committee passes before its Part II business (s. 100A(4), Schedule 12A).
COUNCIL_RESOLUTION = (
    "To consider passing the following resolution: That under Section 100A(4) of the Local Government Act 1972 "
    "the public be excluded from the meeting for the following item(s) of business on the grounds that it "
    "involves the likely disclosure of exempt information as defined in the paragraph(s) of Part 1 of "
    "Schedule 12A of the Act specified against the item(s)."
)
#: The same, in plain words, for a board the Act does not govern (a partnership board, a panel).
BOARD_RESOLUTION = (
    "The board will consider the following item(s) in private, without the press and public, because they "
    "involve confidential information: the reason is given against each item."
)
#: Under a Part I heading that follows Part II business (an agenda arranged before Part II had to come last).
READMISSION = "The press and public are readmitted for the following item(s)."

SCHEDULE_12A = "Part 1 of Schedule 12A of the Local Government Act 1972"


def is_council(board) -> bool:
    """Whether the board is a council's committee (a scrutiny committee included): the Local Government Act
    1972 governs its Part II."""
    return board.kind in COUNCIL_KINDS


@dataclass(frozen=True)
class Section:
    """A heading of the agenda, shown just before the first item of its part."""

    part: str  # PART_ONE or PART_TWO
    heading: str
    resolution: str

    @property
    def is_part_two(self) -> bool:
        return self.part == PART_TWO

    def as_data(self) -> dict[str, str]:
        return asdict(self)


def section(part: str, *, council: bool, readmitted: bool = False) -> Section:
    if part == PART_TWO:
        return Section(PART_TWO, PART_TWO_HEADING, COUNCIL_RESOLUTION if council else BOARD_RESOLUTION)
    return Section(PART_ONE, PART_ONE_HEADING, READMISSION if readmitted else "")


def section_starts(part_two: Sequence[bool], *, council: bool) -> dict[int, Section]:
    """Where the agenda's headings go: ``part_two`` says, for each main item in order, whether it is Part II
    (its sub-items are in its part); returns ``{index of the main item: the heading shown before it}``.

    Part II's heading, with the resolution, goes before the first Part II item; a council committee's agenda
    is headed Part I when it opens with Part I business. No Part II, no Part II heading. A Part I item after
    Part II ones (only in an agenda arranged before the services kept Part II last) is headed Part I again,
    the public readmitted, so that it never reads as private business.
    """
    starts: dict[int, Section] = {}
    current = None
    for index, private in enumerate(part_two):
        part = PART_TWO if private else PART_ONE
        if part == current:
            continue
        if part == PART_TWO:
            starts[index] = section(PART_TWO, council=council)
        elif current == PART_TWO:
            starts[index] = section(PART_ONE, council=council, readmitted=True)
        elif council:
            starts[index] = section(PART_ONE, council=council)
        current = part
    return starts


PART_TWO_NEEDS_PARAGRAPH = (
    "A council committee's Part II item names the paragraph of Part 1 of Schedule 12A that makes it exempt."
)
PART_TWO_NEEDS_REASON = "A confidential (Part II) item needs the reason it is exempt from publication."


def missing_exemption(*, council: bool, paragraph: int | None, reason: str) -> tuple[str, str] | None:
    """What a Part II item still has to say about its exemption, as (field, message), or None.

    A council committee's item names its paragraph of Schedule 12A (words are optional); another board's
    gives a reason in words. That reason is required rather than filled in for the coordinator: it is
    printed against the item and stamped on every page of its papers, where a stock phrase would tell
    the reader nothing.
    """
    if council:
        return None if paragraph else ("exemption_paragraph", PART_TWO_NEEDS_PARAGRAPH)
    return None if reason.strip() else ("exemption_reason", PART_TWO_NEEDS_REASON)


def paragraph_label(paragraph: int) -> str:
    """``3`` -> "Paragraph 3: Information relating to the financial or business affairs of ..."."""
    return f"Paragraph {paragraph}: {ExemptParagraph(paragraph).label}"


def exemption_ground(*, council: bool, paragraph: int | None, reason: str) -> str:
    """Why a Part II item is exempt, as the agenda shows it against the item: for a council committee its
    paragraph of Schedule 12A with the paragraph's description (and any further words), for another board
    the reason in words."""
    reason = " ".join(reason.split())
    if council and paragraph:
        return f"{paragraph_label(paragraph)}{f' – {reason}' if reason else ''}"
    if reason:
        return reason
    return paragraph_label(paragraph) if paragraph else ""


def publication_notice(*, council: bool, paragraph: int | None, reason: str) -> str:
    """What every page of a Part II paper says in the members' edition, besides its pack stamps."""
    if council and paragraph:
        return f"Not for publication by virtue of paragraph {paragraph} of {SCHEDULE_12A}"
    ground = exemption_ground(council=False, paragraph=paragraph, reason=reason)
    return f"Not for publication: {ground}" if ground else "Not for publication"
