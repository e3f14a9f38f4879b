"""The performance app adds the scorecard to packs as a kind of generated document."""

from meetings.packs.generated import generated_kind
from performance.packs import ScorecardSource


def test_performance_registers_the_scorecard_members_only_by_default():
    kind = generated_kind("scorecard")
    assert (kind.label, kind.source_class, kind.public_by_default) == ("Scorecard", ScorecardSource, False)
