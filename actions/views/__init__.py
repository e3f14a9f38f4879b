"""The action log's pages: the board's log and its downloads (log), an action and the pages that change it
(action), the person's own actions (mine), the update form of a reminder's link (link), and the board
page's section (section)."""

from .action import (
    action_create,
    action_detail,
    action_edit,
    action_evidence,
    action_rag,
    action_update,
    actions_reassign,
)
from .link import action_update_by_link
from .log import board_action_log, board_action_log_csv, board_action_log_xlsx
from .mine import my_actions

__all__ = [
    "action_create",
    "action_detail",
    "action_edit",
    "action_evidence",
    "action_rag",
    "action_update",
    "action_update_by_link",
    "actions_reassign",
    "board_action_log",
    "board_action_log_csv",
    "board_action_log_xlsx",
    "my_actions",
]
