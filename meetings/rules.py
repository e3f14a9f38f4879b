"""Permissions for meetings, agendas, papers and packs.

Members of a board read its meetings, agendas and papers (Part II included); its coordinators manage
them. Anyone, signed in or not, may read the public (Part I) face of a meeting once its agenda is published.
"""

import rules

from boards.rules import is_board_coordinator, is_board_member

from .packs.selectors import latest_issued_pack


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
def leads_or_may_upload_to_item(user, item) -> bool:
    """The item's leads, and anyone the coordinator allowed, may upload papers to it."""
    if item is None or not getattr(user, "person_id", None):
        return False
    # Both relations are prefetched by the agenda selector, so a page of items costs no extra queries.
    if any(lead.person_id == user.person_id for lead in item.leads.all()):
        return True
    return any(person.pk == user.person_id for person in item.uploaders.all())


@rules.predicate
def agenda_is_published(user, meeting) -> bool:
    return meeting is not None and meeting.agenda_published_at is not None


rules.add_perm("meetings.view_meeting", rules.is_superuser | is_member_of_board)
rules.add_perm("meetings.view_confidential", rules.is_superuser | is_member_of_board)
rules.add_perm("meetings.manage_meeting", rules.is_superuser | is_coordinator_of_board)
rules.add_perm("meetings.upload_paper", rules.is_superuser | is_coordinator_of_board | leads_or_may_upload_to_item)
rules.add_perm("meetings.view_public_meeting", agenda_is_published)


@rules.predicate
def pack_is_current_public_edition(user, build) -> bool:
    """The public edition's latest issued version is for anyone: it is what the meeting's public page links
    to.  Earlier issued versions are not: an item may since have become Part II or a paper been withdrawn."""
    if not (
        build is not None
        and build.edition == "public"
        and build.status == "done"
        and build.issued_at is not None
        and build.meeting.agenda_published_at is not None
    ):
        return False
    current = latest_issued_pack(meeting=build.meeting, edition="public")
    return current is not None and current.pk == build.pk


# A built pack (PackBuild): the members' edition to the board's members; the public edition to members
# (every version) and, once issued, its latest issued version to everyone.
rules.add_perm("meetings.view_pack", rules.is_superuser | is_member_of_board | pack_is_current_public_edition)
