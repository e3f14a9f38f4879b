"""The board page's section about the board's priorities (registered in :class:`portal.apps.PortalConfig`)."""

from __future__ import annotations


def board_priorities_section(*, board, user) -> tuple[str, dict] | None:
    """The way to the board's priorities page, for those who may read it (its members). No queries."""
    if not user.has_perm("boards.view_priorities", board):
        return None
    return "portal/partials/board_priorities_section.html", {"board": board}
