"""Actions, their updates and recommendations (the action log). Models arrive with the action-log work."""
