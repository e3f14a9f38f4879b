"""Demo and scale data never go near a live portal."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import CommandError


def is_production() -> bool:
    """True when the ``PRODUCTION`` setting (``DJANGO_PRODUCTION`` in the environment) is on."""
    from_env = os.environ.get("DJANGO_PRODUCTION", "").strip().lower() in {"1", "true", "yes", "on"}
    return bool(getattr(settings, "PRODUCTION", False)) or from_env


def refuse_in_production(command: str) -> None:
    """Stop a command that writes made-up people and meetings when this is a production portal."""
    if is_production():
        raise CommandError(
            f"{command} refused: DJANGO_PRODUCTION is on, so this is a live portal, and {command} would add "
            "made-up boards, people and meetings to it. Run it on a development or test database instead."
        )
