"""The three levels of visibility every governance record has.

A record is *public* (anyone, signed in or not), for the board's *members*, or *confidential* (Part II:
exempt information, for those entitled to it at that board). Who reads which level of which board is
decided in one place, :mod:`meetings.visibility`; this module only names and orders the levels.
"""

from __future__ import annotations

from django.db import models


class Visibility(models.TextChoices):
    PUBLIC = "public", "Public"
    MEMBERS = "members", "Members only"
    CONFIDENTIAL = "confidential", "Confidential (Part II)"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def allows(self, record: Visibility) -> bool:
        """Whether a reader cleared to this level may read a record of level ``record``."""
        return _RANK[Visibility(record)] <= _RANK[self]


_RANK = {Visibility.PUBLIC: 1, Visibility.MEMBERS: 2, Visibility.CONFIDENTIAL: 3}
