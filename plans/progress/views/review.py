"""The coordination group's review: return entries with reasons, approve, reopen."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans.models import YearlyReport
from plans.services.errors import EditConflict, PlanError
from rin_portal import permissions

from .. import selectors, services
from ..forms import ReopenForm, ReturnEntryForm, VersionForm
from ..state import changes_since_return
from . import NOT_SAVED_KEPT, report_context

CHANGED_MEANWHILE = gettext_lazy(
    "The report changed after you loaded it (someone else reviewed it first). Check it again."
)


def _render_review(request, report, entries, return_forms, *, status: int = 200) -> HttpResponse:
    context = report_context(request.user, report)
    summaries = {s["entry"].pk: s for s in selectors.entry_summaries(report, entries)}
    context["items"] = [
        {
            "entry": form.entry,
            "form": form,
            "summary": summaries[form.entry.pk],
            "changes": changes_since_return(form.entry),
        }
        for form in return_forms
    ]
    context["history"] = selectors.report_history(report)
    return render(request, "plans/progress/review.html", context, status=status)


def _moved_on(request, report: YearlyReport, entries, forms) -> HttpResponse:
    """A colleague approved or returned the report while this reviewer wrote reasons:
    nothing is returned, and the reasons stay on the page, to be copied."""
    # Approved or returned by a colleague; otherwise the report was never submitted.
    reviewed = report.status in {YearlyReport.Status.APPROVED, YearlyReport.Status.RETURNED}
    refusal = CHANGED_MEANWHILE if reviewed else services.status_refusal(report)
    messages.warning(request, f"{refusal} {NOT_SAVED_KEPT}")
    for form in forms:
        form.is_valid()
    return _render_review(request, report, entries, forms, status=409)


def _refuse_unless_submitted(request, report: YearlyReport):
    if report.status != YearlyReport.Status.SUBMITTED:
        messages.info(request, _("Only a submitted report is reviewed."))
        return redirect("progress:report", report.plan.slug, report.year)
    return None


@require_safe
def report_review(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = permissions.get_report_for_review(request.user, slug, year)
    if refused := _refuse_unless_submitted(request, report):
        return refused
    entries = selectors.report_entries(report, with_evidence=True)
    forms = [ReturnEntryForm(entry=entry) for entry in entries]
    return _render_review(request, report, entries, forms)


@require_POST
def report_return(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = permissions.get_report_for_review(request.user, slug, year)
    entries = selectors.report_entries(report, with_evidence=True)
    forms = [ReturnEntryForm(request.POST, entry=entry) for entry in entries]
    if report.status != YearlyReport.Status.SUBMITTED:
        return _moved_on(request, report, entries, forms)
    version = VersionForm(request.POST)
    checked = [form.is_valid() for form in forms]  # every form, so every error shows
    valid = all(checked) and version.is_valid()
    returns = {
        form.entry.pk: (form.cleaned_data["reason"], form.cleaned_data["part"])
        for form in forms
        if valid and form.cleaned_data["reason"]
    }
    if valid and not returns:
        messages.error(
            request, _("Write the reason for each entry you return; no reason was given.")
        )
    if not valid or not returns:
        return _render_review(request, report, entries, forms, status=400)
    try:
        services.report_return(
            report=report,
            user=request.user,
            version=version.cleaned_data["version"],
            returns=returns,
        )
    except EditConflict:
        report.refresh_from_db()
        return _moved_on(request, report, entries, forms)
    except PlanError as error:
        messages.error(request, str(error))
        return _render_review(request, report, entries, forms, status=400)
    messages.success(request, _("The report was returned to the CSD for revision."))
    return redirect("progress:report", slug, year)


@require_POST
def report_approve(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = permissions.get_report_for_review(request.user, slug, year)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise EditConflict(report)
        services.report_approve(
            report=report, user=request.user, version=form.cleaned_data["version"]
        )
    except EditConflict:
        messages.warning(request, CHANGED_MEANWHILE)
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The report was approved."))  # the page: year locked
    return redirect("progress:report", slug, year)


@require_http_methods(["GET", "HEAD", "POST"])
def report_reopen(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = permissions.get_report_for_reopening(request.user, slug, year)
    form = ReopenForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_reopen(
                report=report,
                user=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except EditConflict:
            messages.warning(request, CHANGED_MEANWHILE)
            return redirect("progress:report", slug, year)
        except PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The report was reopened; the CSD can change it again."))
            return redirect("progress:report", slug, year)
    context = report_context(request.user, report)
    context["form"] = form
    return render(request, "plans/progress/reopen.html", context)
