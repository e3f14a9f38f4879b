"""Permissions for meetings, agendas, papers and packs.

Members of a board (and anyone named to stand in at one meeting) read its meetings' members' pages; its
coordinators manage them. Which items, papers and packs each reader sees is the one visibility rule in
:mod:`meetings.visibility`: these permissions ask it rather than repeat it.
"""

import rules

from boards.rules import (
    coordinated_board_ids,
    is_board_coordinator,
    is_board_member,
    is_self,
    person_board_ids,
    shares_a_board,
)

from .visibility import can_see


def _board(obj):
    """Accept a board, a meeting, an agenda item or a paper and return the board it belongs to."""
    if obj is None:
        return None
    for path in ("board", "meeting.board", "item.meeting.board"):
        target = obj
        try:
            for attr in path.split("."):
                target = getattr(target, attr)
        except AttributeError:
            continue
        return target
    return obj


@rules.predicate
def is_member_of_board(user, obj) -> bool:
    return is_board_member(user, _board(obj))


@rules.predicate
def is_coordinator_of_board(user, obj) -> bool:
    return is_board_coordinator(user, _board(obj))


@rules.predicate
def is_chair_of_board(user, obj) -> bool:
    from boards.enums import Role
    from boards.rules import board_roles

    board = _board(obj)
    return board is not None and Role.CHAIR in board_roles(user, board)


@rules.predicate
def leads_or_may_upload_to_item(user, item) -> bool:
    """The item's leads, and anyone the coordinator allowed, may upload papers to it."""
    if item is None or not getattr(user, "person_id", None):
        return False
    # Both relations are prefetched by the agenda selector, so a page of items costs no extra queries.
    if any(lead.person_id == user.person_id for lead in item.leads.all()):
        return True
    return any(person.pk == user.person_id for person in item.uploaders.all())


def _meeting(obj):
    """Accept a meeting, an agenda item or a paper and return its meeting (None for anything else)."""
    from .models import AgendaItem, Meeting, Paper

    if isinstance(obj, Paper):
        obj = obj.item
    if isinstance(obj, AgendaItem):
        obj = obj.meeting
    return obj if isinstance(obj, Meeting) else None


@rules.predicate
def stands_in_at_meeting(user, obj) -> bool:
    """Named as a deputy or substitute for this meeting (until it is held)."""
    from .models import Meeting

    meeting = _meeting(obj)
    if meeting is None or not getattr(user, "person_id", None):
        return False
    return Meeting.objects.for_members_of(user).filter(pk=meeting.pk).exists()


@rules.predicate
def may_read(user, record) -> bool:
    """The visibility rule, for one meeting, item, paper or pack."""
    return can_see(user, record)


@rules.predicate
def has_seat_on_meeting_day(user, meeting) -> bool:
    """A seat on the meeting's board on the meeting's date (any role): theirs to send apologies for."""
    from .attendance import own_seat_on

    meeting = _meeting(meeting)
    return meeting is not None and own_seat_on(meeting, user) is not None


@rules.predicate
def coordinates_a_board_of(user, person) -> bool:
    """The person sits today on a board the user coordinates."""
    return person is not None and bool(person_board_ids(person, current_only=True) & coordinated_board_ids(user))


@rules.predicate
def agenda_is_published(user, meeting) -> bool:
    return meeting is not None and meeting.agenda_published_at is not None


rules.add_perm("meetings.view_meeting", rules.is_superuser | is_member_of_board | stands_in_at_meeting)
rules.add_perm("meetings.manage_meeting", rules.is_superuser | is_coordinator_of_board)
rules.add_perm("meetings.upload_paper", rules.is_superuser | is_coordinator_of_board | leads_or_may_upload_to_item)
rules.add_perm("meetings.view_public_meeting", agenda_is_published)
rules.add_perm("meetings.approve_agenda", rules.is_superuser | is_chair_of_board)

# The register: the board's members read it; its coordinators take it. A member sends their own apologies
# (the coordinator records anyone's, in the register).
rules.add_perm("meetings.view_register", rules.is_superuser | is_member_of_board)
rules.add_perm("meetings.take_register", rules.is_superuser | is_coordinator_of_board)
rules.add_perm("meetings.send_apologies", has_seat_on_meeting_day)
# Attendance over a period (the object is a board).
rules.add_perm("meetings.view_attendance", rules.is_superuser | is_member_of_board)
# Declarations of interest at a meeting, recorded by the coordinator.
rules.add_perm("meetings.record_declarations", rules.is_superuser | is_coordinator_of_board)
# A person's register of interests (the object is a Person): read by those who share a board with them,
# kept by the person and by the coordinators of the boards they sit on.
rules.add_perm("meetings.view_interests", rules.is_superuser | is_self | shares_a_board)
rules.add_perm("meetings.manage_interests", rules.is_superuser | is_self | coordinates_a_board_of)


# A built pack (PackBuild): the members' edition to those who read Part II at its board; the public edition's
# latest issued version, unless withdrawn, to everyone, and its other versions to the board's members.
rules.add_perm("meetings.view_pack", may_read)


# Minutes. The coordinators write them; who reads which edition is the visibility rule
# (meetings.visibility.minutes_edition_for); members comment on a circulated draft; only the person who
# presided at the meeting that confirmed them signs them, never an administrator on their behalf.
@rules.predicate
def reads_minutes(user, minutes) -> bool:
    from .visibility import minutes_edition_for

    return minutes is not None and minutes_edition_for(user, minutes) is not None


@rules.predicate
def minutes_circulated(user, minutes) -> bool:
    from .enums import MinutesStatus

    return minutes is not None and minutes.status == MinutesStatus.CIRCULATED


@rules.predicate
def presided_when_confirmed(user, minutes) -> bool:
    from .enums import MinutesStatus

    return (
        minutes is not None
        and minutes.status == MinutesStatus.CONFIRMED
        and minutes.presiding_id is not None
        and getattr(user, "person_id", None) == minutes.presiding_id
    )


rules.add_perm("meetings.edit_minutes", rules.is_superuser | is_coordinator_of_board)
rules.add_perm("meetings.view_minutes", reads_minutes)
rules.add_perm("meetings.comment_on_minutes", is_member_of_board & minutes_circulated)
rules.add_perm("meetings.sign_off_minutes", presided_when_confirmed)
# The board's decision register (the object is a board): its members; the public reads published decisions
# on the public pages.
rules.add_perm("meetings.view_decisions", rules.is_superuser | is_member_of_board)
