from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in: guessing limits, password-reset limits, idle sessions and two-factor sign-in."""

    name = "accounts"
    verbose_name = "Sign-in"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts.start_idle_clock")
