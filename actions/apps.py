from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Actions and recommendations"

    def ready(self):
        from core.activity import register_actions
        from meetings.packs.generated import register_generated_kind
        from meetings.signals import minutes_saved

        from .activity import ACTIONS
        from .receivers import track_minuted_actions

        register_actions(ACTIONS)
        minutes_saved.connect(track_minuted_actions, dispatch_uid="actions.track_minuted_actions")

        from .meeting_log import agenda_summary
        from .packs import ActionLogSource, RecommendationTrackerSource

        # An action log names people and slippage: members only unless the item puts it in the public edition.
        # Live under the item on the members' meeting page too.
        register_generated_kind(
            "action_log", "Action log", ActionLogSource, public_by_default=False, summary=agenda_summary
        )
        register_generated_kind("recommendation_tracker", "Recommendation tracker", RecommendationTrackerSource)

        from boards.sections import register_board_section

        from .views.section import board_actions_section

        register_board_section(board_actions_section)
