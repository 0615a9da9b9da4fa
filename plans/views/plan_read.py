from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from plans import selectors
from plans.models import Plan
from rin_portal import caching, generation, permissions


@login_not_required
@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "plans/plan_list.html",
        {
            "regions": selectors.regions_with_plans(request.user),
            "can_create": permissions.can_create_plan(request.user),
            "creates_strategy": permissions.scope_plan_kind(request.user) == Plan.Kind.STRATEGY,
        },
    )


def render_plan_body(request: HttpRequest, plan: Plan, actions: dict) -> dict:
    """The plan's title and its rendered body, kept for every reader who cannot edit.

    Kept under the plans generation and the reference generation: the body shows the
    plan's parts and the regions, municipalities, providers and national goals they
    name, and any write to those tables renews one of them (the admin's, a queryset
    update's, a renamed predecessor's too), while saving a yearly report renews neither.
    Editors' pages carry move forms with their own CSRF token, so they are drawn for
    each request, from the plan's data kept under the same generations (as a
    programme's page is).
    """
    working = actions["view_drafts"]
    name = f"{plan.pk}:{get_language()}:{'working' if working else 'public'}"
    if plan.is_in_consultation and not working:
        # The public's notice changes with the date, not only with the data: on the day
        # after the last day for comments it says that the consultation has ended.
        name += ":ended" if plan.consultation_has_ended else ":open"

    def render(document: dict) -> dict:
        context = {"doc": document, "plan": plan, "can": actions}
        consultation = document["status"] == Plan.Status.CONSULTATION and not working
        if consultation and not (plan.consultation_email and plan.consultation_ends_on):
            # Put to consultation without an address for comments (before the portal
            # asked for one): the coordinator's. Kept with the text: the coordinator is
            # reference data, whose changes renew the reference generation too.
            context["contact"] = selectors.consultation_contact(plan)
        return {
            "title": document["title"],
            "body": mark_safe(
                render_to_string("plans/includes/plan_body.html", context, request=request)
            ),
        }

    def document() -> dict:
        return selectors.plan_document_for_reader(plan, working_text=working)

    if actions["edit"]:
        return render(caching.kept_data(f"plan-document:{name}", plan_text_version(), document))
    return caching.kept(f"plan-page:{name}", plan_text_version(), lambda: render(document()))


def plan_text_version() -> str | None:
    """The version of everything a plan's text shows: the plans generation and the
    reference generation (see render_plan_body); None if they cannot be read.

    A view calls it before it reads the plan: the generations are read once a request,
    so what it keeps under them is never older than they are (a change committed
    between reading the plan and reading them would be kept under the new version)."""
    generations = (generation.plans(), generation.reference())
    return None if None in generations else "-".join(map(str, generations))


@login_not_required
@require_safe
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def page() -> HttpResponse:
        plan_text_version()  # before the plan is read
        plan = permissions.get_plan_for_view(request.user, slug)
        actions = permissions.plan_actions(request.user, plan)
        body = render_plan_body(request, plan, actions)
        return render(request, "plans/plan_detail.html", {"plan": plan, "can": actions, **body})

    # Not shared through Redis: every worker keeps the plan's text and the user, so it
    # draws the page in a few milliseconds, while a copy per session is some 220 kB.
    return caching.session_page(request, "plan", page, shared=False)


@login_not_required
@require_safe
def programme_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    version = plan_text_version()  # before the plan is read
    plan = permissions.get_plan_for_view(request.user, slug)
    actions = permissions.plan_actions(request.user, plan)
    working = actions["view_drafts"]
    # Kept as data, like the plan's text (render_plan_body): the same for every reader
    # of this text, editors too (their controls are drawn by the template).
    programme = caching.kept_data(
        f"programme:{plan.pk}:{pk}:{get_language()}:{'working' if working else 'public'}",
        version,
        lambda: selectors.programme_document(plan, pk, working_text=working),
    )
    if programme is None:
        raise Http404
    history = selectors.history_entries(plan, programme_id=pk) if actions["view_history"] else []
    context = {"plan": plan, "p": programme, "can": actions, "history": history}
    return render(request, "plans/programme_detail.html", context)
