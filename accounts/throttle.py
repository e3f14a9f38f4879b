"""A fixed-window counter in the cache: how many times something happened in the last window."""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache


def take(scope: str, key: str, *, limit: int, window: datetime.timedelta) -> bool:
    """Count one use of ``key`` in ``scope``; True while the uses in this window are at most ``limit``.

    Keys are hashed, so e-mail addresses are never stored in the cache as they are.
    """
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    cache_key = f"throttle:{scope}:{digest}"
    seconds = int(window.total_seconds())
    cache.add(cache_key, 0, timeout=seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(cache_key, 1, timeout=seconds)
        count = 1
    return count <= limit
