"""The meetings pages, split by concern: :mod:`.meetings` (details, life cycle, scheduling, public page,
venues, work programme, standing items, stand-ins), :mod:`.agenda` (the builder), :mod:`.papers`,
:mod:`.attendance` (the register, apologies, declarations, registers of interests, the attendance report)."""

from .agenda import (  # noqa: F401
    agenda_builder,
    agenda_item_add,
    agenda_item_defer,
    agenda_item_delete,
    agenda_item_edit,
    agenda_item_move,
    agenda_people,
    agenda_reorder,
)
from .attendance import (  # noqa: F401
    apologies,
    attendance_csv,
    attendance_page,
    declarations,
    person_interests,
    register,
    register_add,
    register_remove,
)
from .common import (  # noqa: F401
    meeting_for,
)
from .meetings import (  # noqa: F401
    agenda_approve,
    agenda_publish,
    agenda_template,
    agenda_template_item_edit,
    board_meetings,
    meeting_cancel_page,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_history,
    meeting_mark_held,
    meeting_postpone_page,
    meeting_public,
    meeting_revisions,
    meeting_timing_page,
    posting_list,
    schedule_series,
    stand_ins,
    venues,
    work_programme,
    work_programme_pull,
)
from .papers import (  # noqa: F401
    paper_delete,
    paper_edit,
    paper_file,
    paper_status,
    paper_upload,
    paper_upload_confirm,
)
