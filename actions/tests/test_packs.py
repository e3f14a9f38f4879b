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


def test_the_recommendation_tracker_is_written_from_the_tracked_recommendations():
    # Its content and pages: test_recommendation_paper.py.
    from meetings.packs.sources import NotYetRecordedSource

    assert not issubclass(RecommendationTrackerSource, NotYetRecordedSource)
    assert RecommendationTrackerSource.kind == "recommendation_tracker"
