import pytest


@pytest.fixture
def register_kind(monkeypatch):
    """Register a kind of generated document for one test: the apps' own registrations stay, and the
    registry is as it was afterwards."""
    from meetings.packs import generated

    monkeypatch.setattr(generated, "_REGISTRY", dict(generated._REGISTRY))
    return generated.register_generated_kind
