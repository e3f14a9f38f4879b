"""Writes for meetings, agendas and papers: every change with business meaning, by any door.

Split by concern: :mod:`.meetings` (details, standing items, stand-ins), :mod:`.agenda` (items, order,
publication, the work programme), :mod:`.papers` (upload, conversion, withdrawal), :mod:`.attendance`
(the register, apologies), :mod:`.declarations` (registers of interests, declarations at a meeting).
"""

from .agenda import (  # noqa: F401
    ITEM_FIELDS,
    LEAD_FIELDS,
    POSITION_STEP,
    AgendaConflict,
    AgendaItemGone,
    _layout,
    agenda_approve,
    agenda_item_add,
    agenda_item_defer,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_update,
    agenda_keeps_record,
    agenda_numbers_store,
    agenda_publish,
    agenda_publish_preview,
    agenda_reorder,
    work_programme_add,
    work_programme_pull,
)
from .attendance import (  # noqa: F401
    SeatEntry,
    apology_send,
    apology_withdraw,
    attendance_add,
    attendance_remove,
    register_save,
)
from .declarations import (  # noqa: F401
    declaration_record,
    declaration_remove,
    interest_end,
    interest_register,
)
from .meetings import (  # noqa: F401
    CALENDAR_FIELDS,
    TEMPLATE_ITEM_FIELDS,
    agenda_template_install_default,
    agenda_template_item_add,
    agenda_template_item_delete,
    agenda_template_item_move,
    agenda_template_item_update,
    meeting_agenda_from_template,
    meeting_create,
    meeting_update,
    stand_in_name,
    stand_in_remove,
    venue_save,
)
from .papers import (  # noqa: F401
    PaperChoice,
    guess_kinds,
    held_paper,
    held_sweep,
    paper_convert,
    paper_delete,
    paper_update,
    paper_upload,
    papers_add,
    papers_hold,
)
