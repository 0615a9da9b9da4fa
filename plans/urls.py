from django.urls import path, register_converter

from .kinds import KIND_BY_SEGMENT
from .views import content, history, lifecycle, plan_read


class SegmentConverter:
    """Matches only the URL segments of plan parts (poglavja, programi, kazalniki, …)."""

    regex = "|".join(KIND_BY_SEGMENT)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class StepConverter:
    regex = "consultation|withdraw|confirm|amend|close"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SegmentConverter, "part")
register_converter(StepConverter, "step")

app_name = "plans"

urlpatterns = [
    path("", plan_read.plan_list, name="list"),
    path("novi-nacrt/", lifecycle.plan_create, name="create"),
    path("<slug:slug>/", plan_read.plan_detail, name="detail"),
    path("<slug:slug>/uredi/", lifecycle.plan_edit, name="edit"),
    path("<slug:slug>/korak/<step:step>/", lifecycle.plan_step, name="step"),
    path("<slug:slug>/naslednji-nacrt/", lifecycle.plan_successor, name="successor"),
    path("<slug:slug>/zgodovina/", history.plan_history, name="history"),
    path("<slug:slug>/primerjava/", history.snapshot_compare, name="compare"),
    path("<slug:slug>/programi/<int:pk>/", plan_read.programme_detail, name="programme"),
    path("<slug:slug>/<part:segment>/dodaj/", content.content_create, name="content_create"),
    path(
        "<slug:slug>/programi/<int:programme_pk>/<part:segment>/dodaj/",
        content.content_create,
        name="programme_content_create",
    ),
    path("<slug:slug>/<part:segment>/<int:pk>/uredi/", content.content_edit, name="content_edit"),
    path(
        "<slug:slug>/<part:segment>/<int:pk>/izbrisi/",
        content.content_delete,
        name="content_delete",
    ),
    path(
        "<slug:slug>/<part:segment>/<int:pk>/premakni/", content.content_move, name="content_move"
    ),
]
