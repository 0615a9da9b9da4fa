from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_safe

from . import feeds, views

app_name = "public"

urlpatterns = [
    path("novice/feed/", login_not_required(require_safe(feeds.LatestNews())), name="feed"),
    path("e-novice/", views.subscribe, name="subscribe"),
    path("e-novice/potrditev/<str:token>/", views.confirm, name="confirm"),
    path("e-novice/odjava/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("regije/<slug:region_slug>/", views.region, name="region"),
    path("regije/<slug:region_slug>/novice/dodaj/", views.news_create, name="news_create"),
    path(
        "regije/<slug:region_slug>/novice/feed/",
        login_not_required(require_safe(feeds.RegionNews())),
        name="region_feed",
    ),
    path("regije/<slug:region_slug>/novice/<int:pk>/", views.news_item, name="news_item"),
    path("regije/<slug:region_slug>/<slug:plan_slug>/", views.plan, name="plan"),
    path(
        "regije/<slug:region_slug>/<slug:plan_slug>/porocila/<int:year>/",
        views.report,
        name="report",
    ),
]
