"""Indicators, periods, observations and scorecards. Models arrive with the performance work."""
