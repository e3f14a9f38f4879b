"""The one row-lock helper: serialise changes to one record (a meeting's agenda, a pack edition)."""

from __future__ import annotations

from django.db import models


def lock_row(model: type[models.Model], pk) -> bool:
    """Lock the row until the current transaction ends (``SELECT ... FOR UPDATE``); False if it is gone.

    Call inside ``transaction.atomic``. On SQLite, which locks the whole database on write, it is a read;
    the concurrency tests that prove it run on PostgreSQL.
    """
    return model._base_manager.select_for_update().filter(pk=pk).values_list("pk", flat=True).first() is not None


def locked(queryset: models.QuerySet, *, missing_ok: bool = False, **lookup):
    """The one row matching ``lookup``, locked until the transaction ends. When there is none: None if
    ``missing_ok``, else the model's ``DoesNotExist``.

    For a change that reads a row and writes it back (a paper's conversion, a pack being issued): a second
    request for the same row waits here and then sees the first one's result.
    """
    row = queryset.select_for_update().filter(**lookup).first()
    if row is None and not missing_ok:
        raise queryset.model.DoesNotExist(f"No {queryset.model._meta.verbose_name} matches {lookup}.")
    return row
