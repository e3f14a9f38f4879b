import environ
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import TemplateView

from accounts import views as account_views
from config import views as config_views
from portal import public as portal_public
from portal import views as portal_views

# The admin has no sign-in form of its own: people sign in through the portal's (guessing limits, two-factor)
# and come back. Signed in without staff rights, the admin's own page says so.
admin.site.login = login_required(admin.site.login)

urlpatterns = [
    path("healthz", config_views.healthz, name="healthz"),
    path("", portal_views.home, name="dashboard"),
    path("public/", portal_public.front_door, name="front_door"),
    path("public/boards/<slug:slug>/", portal_public.public_board, name="public_board"),
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/password_reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("boards.urls")),
    path("", include("meetings.urls")),
    path("", include("actions.urls")),
    path("", include("performance.urls")),
    path("", include("portal.urls")),
]

# For `make bench` only (bench/load.py): a page that renders a template with no queries of its own, the
# yardstick of the dashboard's throughput. Never routed in production, nor unless BENCH_VIEWS=true.
if environ.Env().bool("BENCH_VIEWS", default=False) and not settings.PRODUCTION:
    trivial = login_required(TemplateView.as_view(template_name="bench/trivial.html"))
    urlpatterns.append(path("bench/trivial/", trivial, name="bench_trivial"))

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
