"""The history of a plan and the comparison of its confirmed versions."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from plans import selectors
from plans.diffing import compare_documents
from plans.models import PlanSnapshot
from rin_portal import permissions


def _plan_with_history(user, slug: str):
    plan = permissions.get_plan_for_view(user, slug)
    if not permissions.can_view_plan_drafts(user, plan):
        raise PermissionDenied
    return plan


@require_safe
def plan_history(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan_with_history(request.user, slug)
    context = {
        "plan": plan,
        "entries": selectors.history_entries(plan),
        "snapshots": selectors.snapshots_of(plan),
    }
    return render(request, "plans/plan_history.html", context)


@require_safe
def snapshot_compare(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _plan_with_history(request.user, slug)
    snapshots = list(plan.snapshots.order_by("created_at", "id").only("id", "label", "created_at"))
    older_id, newer_id = request.GET.get("a"), request.GET.get("b")
    rows, older, newer = None, None, None
    if older_id and newer_id:
        if not all(
            value.isascii() and value.isdigit() and len(value) <= 18
            for value in (older_id, newer_id)
        ):
            raise Http404  # not a snapshot's number ("²" and "٣" are digits to isdigit())
        older = get_object_or_404(PlanSnapshot, pk=older_id, plan=plan)
        newer = get_object_or_404(PlanSnapshot, pk=newer_id, plan=plan)
    elif older_id is None and newer_id is None and len(snapshots) >= 2:
        # Opened from the history: the last change first.
        older, newer = (PlanSnapshot.objects.get(pk=s.pk) for s in snapshots[-2:])
    if older and newer:
        rows = compare_documents(older.data, newer.data)
    context = {"plan": plan, "snapshots": snapshots, "older": older, "newer": newer, "rows": rows}
    return render(request, "plans/snapshot_compare.html", context)
