"""The actions app adds the action log and the recommendation tracker to packs as kinds of generated document."""

from actions.packs import ActionLogSource, RecommendationTrackerSource
from meetings.packs.generated import generated_kind


def test_actions_registers_the_action_log_members_only_by_default():
    kind = generated_kind("action_log")
    assert (kind.label, kind.source_class, kind.public_by_default) == ("Action log", ActionLogSource, False)


def test_actions_registers_the_recommendation_tracker_public_by_default():
    kind = generated_kind("recommendation_tracker")
    assert (kind.label, kind.source_class, kind.public_by_default) == (
        "Recommendation tracker",
        RecommendationTrackerSource,
        True,
    )


def test_no_recommendation_tracker_pages_until_recommendations_are_recorded_in_the_portal():
    # The action log is written from the tracked actions (test_action_log_paper.py).
    assert RecommendationTrackerSource.for_item(meeting=None, entry=None, edition="public") == []
