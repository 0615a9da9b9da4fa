"""Create, edit, delete and reorder any part of a plan (see plans/kinds.py)."""

from django.contrib import messages
from django.forms import ChoiceField, ModelChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans import forms, selectors
from plans.kinds import KIND_BY_SEGMENT, Kind
from plans.models import Plan, Programme
from plans.services import content as services
from plans.services.errors import EditConflict, PlanError, ReasonRequired
from plans.services.history import describe
from rin_portal import permissions

FORMS = {
    "chapter": forms.ChapterForm,
    "member": forms.GroupMemberForm,
    "area": forms.AreaForm,
    "goal": forms.GoalForm,
    "programme": forms.ProgrammeForm,
    "activity": forms.ActivityForm,
    "funding": forms.FundingLineForm,
    "indicator": forms.IndicatorForm,
}
# Where to go back to after a change: the section of the plan or programme page.
ANCHORS = {
    "chapter": "",
    "member": "group",
    "area": "areas",
    "goal": "areas",
    "programme": "programmes",
    "activity": "activities",
    "funding": "funding",
    "indicator": "indicators",
}


def _kind(segment: str, plan: Plan) -> Kind:
    kind = KIND_BY_SEGMENT.get(segment)
    if kind is None:
        raise Http404
    return kind.for_plan(plan)


def _return_url(plan: Plan, kind: Kind, programme: Programme | None = None) -> str:
    if programme is not None:
        # A programme's own page has no #programmes: the page is the programme.
        anchor = "" if kind.key == "programme" else ANCHORS[kind.key]
        page = programme.get_absolute_url()
    else:
        anchor, page = ANCHORS[kind.key], plan.get_absolute_url()
    return f"{page}#{anchor}" if anchor else page


def _form(kind: Kind, plan: Plan, data=None, *, instance=None, programme=None):
    kwargs = {"plan": plan, "instance": instance}
    kwargs["asks_reason"] = bool(plan.confirmed_on and kind.reasoned_fields and instance)
    if kind.key == "funding":
        kwargs["programme"] = programme or instance.programme
    return FORMS[kind.key](data, **kwargs)


def _save(request, plan, kind, form, *, programme=None):
    data = form.cleaned_data
    return services.content_save(
        plan=plan,
        user=request.user,
        kind=kind,
        obj=form.instance,
        data=data,
        version=data.get("version"),
        parent=programme,
        year_targets=form.year_targets() if kind.key == "indicator" else None,
        reason=data.get("reason", ""),
        reason_text=data.get("reason_text", ""),
    )


def _sent_back(request, plan: Plan, locked: str) -> HttpResponse:
    messages.error(request, locked)
    return redirect(plan)


@require_http_methods(["GET", "HEAD", "POST"])
def content_create(
    request: HttpRequest, slug: str, segment: str, programme_pk: int | None = None
) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, slug)
    kind = _kind(segment, plan)
    programme = None
    if kind.parent == "programme":
        programme = get_object_or_404(Programme, pk=programme_pk, plan=plan)
    elif programme_pk is not None:
        raise Http404
    # Sent after the plan was confirmed or closed: nothing is saved, the input is shown.
    locked = services.locked_reason(plan)
    if locked and request.method != "POST":
        return _sent_back(request, plan, locked)
    form = _form(kind, plan, request.POST or None, instance=kind.model(), programme=programme)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            obj = _save(request, plan, kind, form, programme=programme)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added: %(object)s") % {"object": obj})
            return redirect(_return_url(plan, kind, kind.programme_of(obj)))
    context = {
        "plan": plan,
        "kind": kind,
        "form": form,
        "programme": programme,
        "creating": True,
        "locked": locked,
    }
    return render(request, "plans/content_form.html", context, status=409 if locked else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def content_edit(request: HttpRequest, slug: str, segment: str, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, slug)
    kind = _kind(segment, plan)
    obj = kind.queryset(plan).filter(pk=pk).first()
    if obj is None:
        if request.method == "POST":
            return _deleted_meanwhile(request, plan, kind, pk)
        raise Http404
    locked = services.locked_reason(plan)  # as in content_create
    if locked and request.method != "POST":
        return _sent_back(request, plan, locked)
    form = _form(kind, plan, request.POST or None, instance=obj)
    if request.method == "POST" and not locked and form.is_valid():
        try:
            obj = _save(request, plan, kind, form)
        except EditConflict as conflict:
            return _conflict(request, plan, kind, form, conflict.current)
        except ReasonRequired as error:
            form.add_error("reason", str(error))
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved: %(object)s") % {"object": obj})
            return redirect(_return_url(plan, kind, kind.programme_of(obj)))
    context = {
        "plan": plan,
        "kind": kind,
        "form": form,
        "object": obj,
        "programme": kind.programme_of(obj),
        "locked": locked,
    }
    return render(request, "plans/content_form.html", context, status=409 if locked else 200)


def _field_label(kind: Kind, name: str) -> str:
    if name == "year_targets":
        return _("Yearly targets")
    return str(kind.model._meta.get_field(name).verbose_name)


def _yours(kind: Kind, form) -> dict[str, str]:
    """What the user tried to save, as display text."""
    values = describe(
        form.instance, [n for n in kind.fields if not form.instance._meta.get_field(n).many_to_many]
    )
    for name in kind.fields:
        if form.instance._meta.get_field(name).many_to_many:
            values[name] = "; ".join(sorted(str(item) for item in form.cleaned_data.get(name, [])))
    if kind.key == "indicator":
        values["year_targets"] = services.year_targets_text(form.year_targets())
    return values


def _conflict(request, plan: Plan, kind: Kind, form, current) -> HttpResponse:
    """Someone saved first: show their values beside the user's and let them merge."""
    if current is None:
        return _deleted_meanwhile(request, plan, kind, form.instance.pk)
    theirs = services.describe_content(kind, current)
    yours = _yours(kind, form)
    rows = [
        {
            "label": _field_label(kind, name),
            "theirs": theirs.get(name, ""),
            "yours": yours.get(name, ""),
            "differs": theirs.get(name, "") != yours.get(name, ""),
        }
        for name in theirs
    ]
    data = request.POST.copy()
    data["version"] = current.version
    merge_form = _form(kind, plan, data, instance=current)
    merge_form.is_valid()
    context = {
        "plan": plan,
        "kind": kind,
        "form": merge_form,
        "object": current,
        "rows": rows,
        "programme": kind.programme_of(current),
    }
    return render(request, "plans/conflict.html", context, status=409)


def _deleted_meanwhile(request, plan: Plan, kind: Kind, pk: int) -> HttpResponse:
    """A colleague deleted the part being edited: say who and when, and keep what the user
    typed in a form that adds it anew (unless its programme went too)."""
    deleted = selectors.deletion_of(plan, kind.model, pk)
    programme = deleted.programme if deleted is not None and kind.parent == "programme" else None
    action = None
    if kind.parent != "programme":
        action = reverse("plans:content_create", args=[plan.slug, kind.segment])
    elif programme is not None:
        action = reverse(
            "plans:programme_content_create", args=[plan.slug, programme.pk, kind.segment]
        )
    context = {
        "plan": plan,
        "kind": kind,
        "programme": programme,
        "deleted": deleted,  # None if its deletion is not on record
        "deleted_meanwhile": True,
    }
    if action is None:  # nowhere to add it again: show the text typed, to be copied
        context["typed"] = _typed(kind, request.POST)
        return render(request, "plans/content_deleted.html", context, status=409)
    data = request.POST.copy()
    data["version"] = ""
    form = _form(kind, plan, data, instance=kind.model(), programme=programme)
    form.is_valid()  # shows what would stop it being added
    context |= {"form": form, "creating": True, "action": action}
    return render(request, "plans/content_form.html", context, status=409)


def _typed(kind: Kind, data) -> list[tuple[str, str]]:
    """What the user sent, as the form showed it: each field by its label, a choice by
    its name ("percent" reads "odstotek"), a yearly target as "Target for 2018"."""
    fields = FORMS[kind.key].base_fields
    typed = []
    for name, value in data.items():
        if not value.strip() or name in ("csrfmiddlewaretoken", "version"):
            continue
        field = fields.get(name)
        year = name.removeprefix("target_")
        if field is None:
            label = _("Target for %(year)s") % {"year": year} if year.isdigit() else name
        else:
            label = field.label
            if isinstance(field, ChoiceField) and not isinstance(field, ModelChoiceField):
                value = dict(field.choices).get(value, value)
        typed.append((str(label), str(value)))
    return typed


@require_http_methods(["GET", "HEAD", "POST"])
def content_delete(request: HttpRequest, slug: str, segment: str, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, slug)
    kind = _kind(segment, plan)
    obj = get_object_or_404(kind.queryset(plan), pk=pk)
    if locked := services.locked_reason(plan):
        return _sent_back(request, plan, locked)
    asks_reason = bool(plan.confirmed_on and kind.reason_on_delete)
    form = forms.DeleteForm(
        request.POST or None, asks_reason=asks_reason, initial={"version": obj.version}
    )
    changed = None
    if request.method == "POST" and form.is_valid():
        # After deleting a programme, its own page is gone: go back to the plan.
        parent = obj.programme if kind.parent == "programme" else None
        return_url = _return_url(plan, kind, parent)
        try:
            services.content_delete(
                plan=plan,
                user=request.user,
                kind=kind,
                obj=obj,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data.get("reason", ""),
                reason_text=form.cleaned_data.get("reason_text", ""),
            )
        except EditConflict as conflict:
            if conflict.current is None:
                messages.info(request, _("This was already deleted."))
                return redirect(plan)
            obj = conflict.current
            changed = [
                (_field_label(kind, name), value)
                for name, value in services.describe_content(kind, obj).items()
            ]
            form = forms.DeleteForm(asks_reason=asks_reason, initial={"version": obj.version})
        except ReasonRequired as error:
            form.add_error("reason", str(error))
        except PlanError as error:
            messages.error(request, str(error))
            return redirect(return_url)
        else:
            messages.success(request, _("Deleted: %(object)s") % {"object": obj})
            return redirect(return_url)
    context = {
        "plan": plan,
        "kind": kind,
        "form": form,
        "object": obj,
        "changed": changed,
        "programme": kind.programme_of(obj),
    }
    return render(request, "plans/content_delete.html", context, status=409 if changed else 200)


@require_POST
def content_move(request: HttpRequest, slug: str, segment: str, pk: int) -> HttpResponse:
    plan = permissions.get_plan_for_edit(request.user, slug)
    kind = _kind(segment, plan)
    if not kind.orderable:
        raise Http404
    obj = get_object_or_404(kind.queryset(plan), pk=pk)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The move could not be read; please try again."))
        return redirect(_return_url(plan, kind, kind.programme_of(obj)))
    try:
        services.content_move(
            plan=plan,
            user=request.user,
            kind=kind,
            obj=obj,
            up=form.cleaned_data["direction"] == "up",
            seen_order=form.cleaned_data["order"],
        )
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Moved: %(object)s") % {"object": obj})
    parent = obj.programme if kind.parent == "programme" else None
    # Back to the part's own buttons, where its new place shows, not the page's top.
    page = _return_url(plan, kind, parent).split("#", 1)[0]
    return redirect(f"{page}#move-{segment}-{pk}")
