"""Creating a plan, editing its details, and its lifecycle steps."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from plans import forms, selectors
from plans.kinds import by_kind
from plans.services import content, lifecycle
from plans.services.errors import EditConflict, PlanError
from plans.services.history import describe
from rin_portal import permissions


@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_plan(request.user):
        raise PermissionDenied
    form = forms.PlanCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = lifecycle.plan_create(user=request.user, plan=form.save(commit=False))
        messages.success(
            request,
            by_kind(
                plan,
                _("The plan was created as a draft."),
                _("The strategy was created as a draft."),
            ),
        )
        return redirect(plan)
    return render(request, "plans/plan_create.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, slug)
    # Confirmed or closed: no form to fill in; one sent meanwhile is shown, not saved.
    locked = content.locked_reason(plan)
    if locked and request.method != "POST":
        messages.error(request, locked)
        return redirect(plan)
    form = forms.PlanForm(request.POST or None, instance=plan, plan=plan)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            lifecycle.plan_update(
                plan=plan,
                user=request.user,
                data=form.cleaned_data,
                version=form.cleaned_data["version"],
            )
        except EditConflict as conflict:
            return _plan_conflict(request, form, conflict.current)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                by_kind(
                    plan,
                    _("The plan's details were saved."),
                    _("The strategy's details were saved."),
                ),
            )
            return redirect(plan)
    context = {"plan": plan, "form": form, "locked": locked}
    return render(request, "plans/plan_form.html", context, status=409 if locked else 200)


def _plan_conflict(request: HttpRequest, form, current) -> HttpResponse:
    """A colleague saved the details first: both versions side by side, and a form to merge."""
    rows = [
        {
            "label": str(type(current)._meta.get_field(name).verbose_name),
            "theirs": theirs,
            "yours": yours,
            "differs": theirs != yours,
        }
        for (name, theirs), yours in zip(
            describe(current, lifecycle.plan_fields(current)).items(),
            describe(form.instance, lifecycle.plan_fields(current)).values(),
            strict=True,
        )
    ]
    data = request.POST.copy()
    data["version"] = current.version
    merge = forms.PlanForm(data, instance=current, plan=current)
    merge.is_valid()
    context = {"plan": current, "form": merge, "rows": rows, "object": current}
    return render(request, "plans/conflict.html", context, status=409)


# Step: its form, its title and what is said once done, each as a regional plan and as
# a municipal strategy says it (`by_kind`).
STEPS = {
    "consultation": (
        forms.PlanConsultationForm,
        (gettext_lazy("Start public consultation"),) * 2,
        (gettext_lazy("The public consultation has started."),) * 2,
    ),
    "withdraw": (
        forms.PlanEndConsultationForm,
        (gettext_lazy("End consultation and return to draft"),) * 2,
        (
            gettext_lazy("The consultation has ended: the plan is a draft again."),
            gettext_lazy("The consultation has ended: the strategy is a draft again."),
        ),
    ),
    "confirm": (
        forms.PlanConfirmForm,
        (gettext_lazy("Record confirmation"), gettext_lazy("Record adoption")),
        (
            gettext_lazy("The confirmation was recorded."),
            gettext_lazy("The adoption was recorded."),
        ),
    ),
    "amend": (
        forms.PlanAmendForm,
        (gettext_lazy("Start an amendment"),) * 2,
        (gettext_lazy("The amendment has started."),) * 2,  # the page says the rest
    ),
    "close": (
        forms.PlanCloseForm,
        (gettext_lazy("Close the plan"), gettext_lazy("Close the strategy")),
        (gettext_lazy("The plan is closed."), gettext_lazy("The strategy is closed.")),
    ),
}


def _take_step(step: str, plan, user, data: dict) -> None:
    """Call the step's service with what its form read."""
    common = {"plan": plan, "user": user, "version": data["version"]}
    if step == "consultation":
        lifecycle.plan_start_consultation(
            **common, ends_on=data["consultation_ends_on"], email=data["consultation_email"]
        )
    elif step == "withdraw":
        lifecycle.plan_end_consultation(**common, reason=data["reason"])
    elif step == "confirm":
        lifecycle.plan_confirm(
            **common, confirmed_on=data["confirmed_on"], confirmed_by=data["confirmed_by"]
        )
    elif step == "amend":
        lifecycle.plan_amend(**common, reason=data["reason"], reason_text=data["reason_text"])
    else:
        lifecycle.plan_close(**common, closed_on=data["closed_on"])


@require_http_methods(["GET", "HEAD", "POST"])
def plan_step(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    """One lifecycle step: a confirmation page on GET, the step itself on POST."""
    plan = permissions.get_plan_for_edit(request.user, slug)
    form_class, titles, dones = STEPS[step]
    title, done = by_kind(plan, *titles), by_kind(plan, *dones)
    form = form_class(
        request.POST or None, plan=plan, user=request.user, initial={"version": plan.version}
    )
    if request.method == "POST" and form.is_valid():
        try:
            _take_step(step, plan, request.user, form.cleaned_data)
        except EditConflict:
            messages.warning(
                request,
                by_kind(
                    plan,
                    _("The plan changed in the meantime. Check it and try again."),
                    _("The strategy changed in the meantime. Check it and try again."),
                ),
            )
            return redirect(plan)
        except PlanError as error:
            messages.error(request, str(error))
            return redirect(plan)
        messages.success(request, done)
        return redirect(plan)
    return render(
        request, "plans/plan_step.html", {"plan": plan, "form": form, "title": title, "step": step}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def plan_successor(request: HttpRequest, slug: str) -> HttpResponse:
    predecessor = permissions.get_plan_for_edit(request.user, slug)
    span = predecessor.last_year - predecessor.first_year
    first, last = predecessor.last_year + 1, predecessor.last_year + 1 + span
    initial = {
        "title": lifecycle.successor_title(predecessor, first, last),
        "first_year": first,
        "last_year": last,
    }
    form = forms.PlanSuccessorForm(request.POST or None, initial=initial, predecessor=predecessor)
    if request.method == "POST" and form.is_valid():
        try:
            plan = lifecycle.plan_start_successor(
                predecessor=predecessor, user=request.user, **form.cleaned_data
            )
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                by_kind(
                    plan,
                    _(
                        "The new plan was started from its predecessor. Check the baselines: they are the last achieved values."
                    ),
                    _(
                        "The new strategy was started from its predecessor. "
                        "Check the baselines: they are the last achieved values."
                    ),
                ),
            )
            return redirect(plan)
    context = {"plan": predecessor, "form": form, "successor": selectors.successor_of(predecessor)}
    return render(request, "plans/plan_successor.html", context)
