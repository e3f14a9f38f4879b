"""How the actions app answers what the meetings app tells it."""

from __future__ import annotations


def track_minuted_actions(sender, minutes, **kwargs) -> None:
    """The minutes were saved: track each action and each numbered recommendation they record (see
    :func:`actions.services.actions_track_minutes`, :func:`actions.recommendations.recommendations_track_minutes`)."""
    from .recommendations import recommendations_track_minutes
    from .services import actions_track_minutes

    actions_track_minutes(minutes=minutes)
    recommendations_track_minutes(minutes=minutes)
