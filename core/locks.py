"""The one row-lock helper: serialise changes to one record (a meeting's agenda, a pack edition)."""

from __future__ import annotations

from django.db import models


def lock_row(model: type[models.Model], pk) -> bool:
    """Lock the row until the current transaction ends (``SELECT ... FOR UPDATE``); False if it is gone.

    Call inside ``transaction.atomic``. On SQLite, which locks the whole database on write, it is a read;
    the concurrency tests that prove it run on PostgreSQL.
    """
    return model._base_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True).first() is not None
