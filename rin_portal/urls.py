from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .auth import PortalLoginView, PortalPasswordChangeView

urlpatterns = [
    path("", views.home, name="home"),
    path("prijava/", PortalLoginView.as_view(), name="login"),
    path("odjava/", auth_views.LogoutView.as_view(), name="logout"),
    path("geslo/", PortalPasswordChangeView.as_view(), name="password_change"),
    path("", include("plans.progress.urls")),
    path("nacrti/", include("plans.urls")),
    path("dokumenti/", include("reports.urls")),
    path("", include("news.urls")),
    path("dostopnost/", views.accessibility, name="accessibility"),
    path("zasebnost/", views.privacy, name="privacy"),
    path("zdravje/", views.health, name="health"),
    path("seja/", views.session_status, name="session_status"),
    path("seja/podaljsaj/", views.session_extend, name="session_extend"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "rin_portal.errors.bad_request"
handler403 = "rin_portal.errors.permission_denied"
handler404 = "rin_portal.errors.page_not_found"
handler500 = "rin_portal.errors.server_error"
