"""Agenda packs: one correct, page-numbered PDF per meeting and edition.

* :mod:`~meetings.packs.assembly`: the pure page-assembly engine (plan, join, stamp, bookmark; no Django).
* :mod:`~meetings.packs.sources`: sources of pages (uploaded papers and generated documents).
* :mod:`~meetings.packs.generated`: the kinds of generated document, registered by the apps that write them.
* :mod:`~meetings.packs.kinds`: the generated documents meetings writes itself (work programme, minutes).
* :mod:`~meetings.packs.render`: the front sheet, agenda and contents page, with WeasyPrint.
* :mod:`~meetings.packs.services`: requesting, building, issuing (the one path for views, tasks, commands).
* :mod:`~meetings.packs.selectors`: reads for the pack pages.
* :mod:`~meetings.packs.views`: the pack panel, progress, issue and permission-checked downloads.
"""
