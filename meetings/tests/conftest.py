import pytest


@pytest.fixture
def register_kind(monkeypatch):
    """Register a kind of generated document for one test: the apps' own registrations stay, and the
    registry is as it was afterwards."""
    from meetings.packs import generated

    monkeypatch.setattr(generated, "_REGISTRY", dict(generated._REGISTRY))
    return generated.register_generated_kind


@pytest.fixture
def council(cast):
    """The cast's board as a council committee: its Part II items name a paragraph of Schedule 12A."""
    from boards.enums import BoardKind

    cast.board.kind = BoardKind.COUNCIL_COMMITTEE
    cast.board.name = "Children's Services Scrutiny Committee"
    cast.board.save()
    return cast.board
