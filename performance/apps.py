from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance"

    def ready(self):
        from boards.sections import register_board_section
        from core.activity import register_actions
        from meetings.packs.generated import register_generated_kind

        from .activity import ACTIONS
        from .packs import ScorecardSource, agenda_summary
        from .views.entry import board_entry_section

        # Figures may be provisional when the pack goes out: members only unless the item says otherwise.
        register_actions(ACTIONS)
        register_generated_kind(
            "scorecard", "Scorecard", ScorecardSource, public_by_default=False, summary=agenda_summary
        )
        from .views.indicators import board_performance_section

        register_board_section(board_performance_section)  # members: the figures
        register_board_section(board_entry_section)  # those who enter some of them
