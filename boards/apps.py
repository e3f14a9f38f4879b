from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "boards"
    verbose_name = "Boards and people"

    def ready(self):
        from core.activity import register_actions

        from .activity import ACTIONS

        register_actions(ACTIONS)
