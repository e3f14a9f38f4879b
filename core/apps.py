from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Domain-free pieces every app shares (visibility levels; later the clock, locks and activity log)."""

    name = "core"
    verbose_name = "Core"
