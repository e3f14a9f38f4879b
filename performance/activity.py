"""The performance app's entries in the activity log, in words."""

ACTIONS = {
    "performance.indicator.created": "Indicator created",
    "performance.indicator.edited": "Indicator changed",
    "performance.observation.entered": "Figure entered",
    "performance.observation.revised": "Figure revised",
    "performance.target.set": "Target set",
    "performance.import.checked": "File of figures checked",
    "performance.import.imported": "File of figures imported",
    "performance.import.discarded": "File of figures discarded",
    "performance.scorecard.frozen": "Scorecard frozen for a meeting's pack",
}
