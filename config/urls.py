from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import views as portal_views

urlpatterns = [
    path("", portal_views.dashboard, name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("boards.urls")),
    path("", include("meetings.urls")),
]

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
