from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
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
