"""Bulk import of a board's members from a spreadsheet (CSV or .xlsx).

Three steps, one module each:

* :mod:`.reader` turns the cells of an uploaded table into member rows, each with the problems a clerk must
  fix in their file (no database);
* :mod:`.matching` compares those rows with the directory and the board: a new person, someone already in
  the directory (matched by e-mail address, or by name for the coordinator to confirm), someone already on
  the board in that role, or a row that cannot be imported and why (reads only);
* :mod:`.services` keeps an upload as a preview (:class:`boards.models.MemberImport`) and, once the
  coordinator confirms, checks everything again and seats the members in one transaction.

Nothing reaches the directory before the coordinator confirms, and the same file imported twice adds
nothing the second time. An existing person is seated as they are: the file never changes their details.
"""
