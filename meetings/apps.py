from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings, agendas and packs"

    def ready(self):
        from core.activity import register_actions

        from .activity import ACTIONS

        register_actions(ACTIONS)
