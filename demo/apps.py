from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and test data. At the top of the dependency order: it may import any app; no app imports it."""

    name = "demo"
    verbose_name = "Demo data"
