"""One number in the shared cache that goes up whenever a transaction that changed what people read commits.

Pages kept in the cache put the number in their keys (see ``portal/dashboard.py``), so a change anywhere
shows at the next visit while unchanged pages cost a cache read. Saves and deletes reach it through model
signals that the top app connects; writes that send no signal (``bulk_create``, ``QuerySet.update``) and
change what such a page shows call :func:`content_changed` themselves.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "core:content:generation"


def content_generation() -> int:
    """The current number (made on first use)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, so a cache emptied and refilled never hands out an old number again.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY, 0)
    return value


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # gone (evicted, a new cache): any new number will do
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed() -> None:
    """Raise the number once the current transaction commits (at once outside a transaction), once per
    transaction however many rows it changes."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is _bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(_bump)
