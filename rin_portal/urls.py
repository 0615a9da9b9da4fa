from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from . import views
from .auth import PortalLoginView

urlpatterns = [
    path("", views.home, name="home"),
    path("prijava/", PortalLoginView.as_view(), name="login"),
    path("odjava/", auth_views.LogoutView.as_view(), name="logout"),
    path("nacrti/", include("plans.urls")),
    path("dokumenti/", include("reports.urls")),
    path("dostopnost/", views.accessibility, name="accessibility"),
    path("zasebnost/", views.privacy, name="privacy"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
