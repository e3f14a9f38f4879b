"""Agenda pack building: the pure page-assembly engine lives in :mod:`meetings.packs.assembly`."""
