from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/code/", views.sign_in_code, name="sign_in_code"),
    path("me/two-factor/", views.two_factor_overview, name="two_factor"),
    path("me/two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("me/two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("me/two-factor/turn-off/", views.two_factor_off, name="two_factor_off"),
]
