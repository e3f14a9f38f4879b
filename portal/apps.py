from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: pages that gather from several apps (the dashboard, the public home, a board's
    priorities). It may import every other app; none imports it."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from boards.sections import register_board_section

        from .dashboard import connect_signals
        from .sections import board_priorities_section

        register_board_section(board_priorities_section)
        connect_signals()
