"""The portal's one clock. Every "now" and "today" is read here, in the portal's time zone (Europe/London),
so a test that moves ``django.utils.timezone.now`` (the ``clock`` fixture) moves all of them."""

from __future__ import annotations

import datetime

from django.utils import timezone


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    """Today's date where the boards meet (not the server's own zone, which may be UTC)."""
    return timezone.localdate(timezone.now())
