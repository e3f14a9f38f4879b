"""Who may do what with a board's performance figures.

The board's members read its indicators and figures; its coordinators keep the indicators and targets and
enter or import any figure; an indicator's data lead enters that indicator's figures. Nobody else sees them
(the public reads only what a published pack carries, with small numbers suppressed).
"""

import rules

from boards.rules import is_board_coordinator, is_board_member


def _board(obj):
    if obj is None:
        return None
    if hasattr(obj, "indicator"):
        return obj.indicator.board
    return getattr(obj, "board", obj)


@rules.predicate
def is_member_of_indicator_board(user, obj) -> bool:
    board = _board(obj)
    return board is not None and is_board_member(user, board)


@rules.predicate
def is_coordinator_of_indicator_board(user, obj) -> bool:
    board = _board(obj)
    return board is not None and is_board_coordinator(user, board)


@rules.predicate
def leads_indicator(user, obj) -> bool:
    indicator = getattr(obj, "indicator", obj)
    person_id = getattr(user, "person_id", None)
    return person_id is not None and getattr(indicator, "lead_id", None) == person_id


rules.add_perm("performance.view_indicator", rules.is_superuser | is_member_of_indicator_board | leads_indicator)
rules.add_perm("performance.manage_indicator", rules.is_superuser | is_coordinator_of_indicator_board)
rules.add_perm("performance.enter_figures", rules.is_superuser | is_coordinator_of_indicator_board | leads_indicator)
