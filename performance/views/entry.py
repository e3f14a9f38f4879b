"""Entering figures: the data-entry page per period, and CSV import with its validation report."""

urlpatterns: list = []
