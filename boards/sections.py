"""Sections other apps add to a board's page, registered from their ``AppConfig.ready()``: the meetings app
adds the board's next and recent meetings. The boards app renders what is registered and imports none of them.

A section is a function ``(board=, user=) -> (template name, context) | None``; None leaves it out (e.g. for
someone who may not read the board's meetings).
"""

from __future__ import annotations

from collections.abc import Callable

_SECTIONS: list[Callable] = []


def register_board_section(section: Callable) -> None:
    if section not in _SECTIONS:
        _SECTIONS.append(section)


def board_sections(*, board, user) -> list[tuple[str, dict]]:
    found = (section(board=board, user=user) for section in _SECTIONS)
    return [entry for entry in found if entry is not None]
