"""Who may do what with tracked actions.

The board's members read its action log (an action minuted in Part II, only those who read Part II: not
observers); its coordinators raise, edit, reassign and rate any action; an action's owners read, update and
complete their own. Nobody else sees a board's actions.
"""

import rules

from boards.rules import is_board_coordinator, is_board_member


def _board(obj):
    return getattr(obj, "board", obj)


@rules.predicate
def is_member_of_actions_board(user, obj) -> bool:
    return obj is not None and is_board_member(user, _board(obj))


@rules.predicate
def is_coordinator_of_actions_board(user, obj) -> bool:
    return obj is not None and is_board_coordinator(user, _board(obj))


@rules.predicate
def owns_action(user, action) -> bool:
    person_id = getattr(user, "person_id", None)
    if action is None or person_id is None or not hasattr(action, "owner_rows"):
        return False
    return any(row.person_id == person_id for row in action.owner_rows.all())


@rules.predicate
def may_read_action(user, obj) -> bool:
    """For a board: a seat on it. For an action: the one visibility rule (a Part II minute's actions only to
    readers of Part II; owners their own)."""
    from .models import Action
    from .selectors import can_see_action

    if isinstance(obj, Action):
        return can_see_action(user, obj)
    return is_member_of_actions_board(user, obj)


rules.add_perm("actions.view_action", rules.is_superuser | may_read_action)
rules.add_perm("actions.manage_action", rules.is_superuser | is_coordinator_of_actions_board)
rules.add_perm("actions.update_action", rules.is_superuser | is_coordinator_of_actions_board | owns_action)
