from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top floor: pages that gather from several apps (the dashboard; later "my actions", the public
    home). It may import every other app; none imports it."""

    name = "portal"
    verbose_name = "Portal"
