from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in: guessing limits, password-reset limits, idle sessions and two-factor sign-in."""

    name = "accounts"
    verbose_name = "Sign-in"
