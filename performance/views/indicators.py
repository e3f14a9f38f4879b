"""A board's indicators, each with its series, comparators and computed change."""

urlpatterns: list = []
