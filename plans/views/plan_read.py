from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from plans import selectors
from rin_portal import permissions


@login_not_required
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/plan_list.html",
        {
            "regions": selectors.regions_with_plans(request.user),
            "can_create": permissions.can_create_plan(request.user),
        },
    )


@login_not_required
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = permissions.get_plan_for_view(request.user, slug)
    actions = permissions.plan_actions(request.user, plan)
    document = selectors.plan_document_for_reader(plan, working_text=actions["view_drafts"])
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "doc": document, "can": actions},
    )


@login_not_required
def programme_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_view(request.user, slug)
    actions = permissions.plan_actions(request.user, plan)
    document = selectors.plan_document_for_reader(plan, working_text=actions["view_drafts"])
    programme = next(
        (p for area in document["areas"] for p in area["programmes"] if p["id"] == pk), None
    )
    if programme is None:
        raise Http404
    history = selectors.history_entries(plan, programme_id=pk) if actions["view_history"] else []
    context = {"plan": plan, "doc": document, "p": programme, "can": actions, "history": history}
    return render(request, "plans/programme_detail.html", context)
