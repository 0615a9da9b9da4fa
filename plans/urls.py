from django.urls import path

from .views import plan_read

app_name = "plans"

urlpatterns = [
    path("", plan_read.plan_list, name="list"),
    path("<slug:slug>/", plan_read.plan_detail, name="detail"),
]
