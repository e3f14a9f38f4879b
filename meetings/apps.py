from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings, agendas and packs"

    def ready(self):
        from core.activity import register_actions

        from .activity import ACCESS_ACTIONS, ACTIONS

        register_actions(ACTIONS, access=ACCESS_ACTIONS)

        from . import checks  # noqa: F401 - registers the deployment checks
        from .packs.generated import register_generated_kind
        from .packs.kinds import LastMinutesSource, WorkProgrammeSource

        register_generated_kind("minutes", "Minutes of the last meeting", LastMinutesSource)
        register_generated_kind("work_programme", "Work programme", WorkProgrammeSource)

        from boards.signals import board_created

        board_created.connect(_install_standing_items, dispatch_uid="meetings.install_standing_items")

        from .feeds import connect_feed_signals

        connect_feed_signals()  # a calendar feed's cache key follows its meetings, venues and board

        from boards.sections import register_board_section

        from .selectors import board_overview

        register_board_section(board_overview)


def _install_standing_items(sender, board, **kwargs):
    """A new board starts with the standard standing items (welcome, declarations, minutes, ...)."""
    from .services import agenda_template_install_default

    agenda_template_install_default(board=board)
