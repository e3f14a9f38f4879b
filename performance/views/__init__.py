"""The performance pages: indicators and their series (:mod:`.indicators`), data entry and CSV import
(:mod:`.entry`)."""
