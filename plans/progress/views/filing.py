"""The grid in which CSD staff fill all entries of a year, and submitting the report."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plans.kinds import by_kind
from plans.models import YearlyReport
from plans.services.errors import EditConflict, PlanError
from rin_portal import permissions

from .. import checks, selectors, services
from ..forms import EntryForm, VersionForm
from ..state import (
    changes_since_return,
    compare,
    entry_state,
    fingerprint,
    input_state,
    returned_part,
)
from . import FILES_NOT_KEPT, NOT_SAVED_KEPT, report_context


def _forms(report: YearlyReport, entries, data=None, files=None) -> list[EntryForm]:
    planned = selectors.planned_funding(report, entries)
    return [
        EntryForm(
            data,
            files,
            entry=entry,
            year=report.year,
            planned=planned.get(entry.programme_id),
            kind=report.plan.kind,
        )
        for entry in entries
    ]


def _returned(entry) -> dict | None:
    """What the reviewer asked for, and what changed in the entry since."""
    if not entry.is_returned:
        return None
    return {
        "reason": entry.return_reason,
        "part": returned_part(entry),
        "changes": changes_since_return(entry),
    }


def _errors(forms) -> list[dict]:
    """Every error of a refused save, named by its programme and field and linked to the
    field, for the summary that takes focus (an entry's own errors link to the entry)."""
    found = []
    for form in forms:
        for name, errors in form.errors.items():
            field = form[name] if name in form.fields else None
            found.append(
                {
                    "entry": form.entry,
                    "target": field.id_for_label if field else f"entry-{form.entry.pk}",
                    "label": field.label if field else "",
                    "errors": errors,
                }
            )
    return found


def _render_grid(request, report, entries, forms, *, status: int = 200) -> HttpResponse:
    context = report_context(request.user, report)
    problems = checks.report_problems(entries, report.year, report.plan.kind)
    by_entry: dict[int, list] = {}
    for problem in problems:
        by_entry.setdefault(problem.entry_id, []).append(problem)
    items = [
        {
            "entry": form.entry,
            "form": form,
            "problems": by_entry.get(form.entry.pk, []),
            "returned": _returned(form.entry),
        }
        for form in forms
    ]
    context.update(
        {
            "items": items,
            # Returned for revision and not changed since: said before submitting again.
            "unrevised": [
                item["entry"]
                for item in items
                if item["returned"] is not None and not item["returned"]["changes"]
            ],
            "problems": problems,
            "entries": entries,
            "submit_form": VersionForm(initial={"version": report.version}),
            "errors": _errors(forms),
        }
    )
    return render(request, "plans/progress/report_grid.html", context, status=status)


def _conflict(request, report, forms, entry_ids: list[int]) -> HttpResponse:
    """Colleagues saved some entries first: show theirs beside the user's, and the grid
    again with the user's values, ready to merge and save over the newer versions."""
    entries = selectors.report_entries(report, with_evidence=True, with_editors=True)
    current = {entry.pk: entry for entry in entries}
    data = request.POST.copy()
    conflicts = []
    for form in forms:
        entry = current.get(form.entry.pk)
        if form.entry.pk not in entry_ids or entry is None:
            continue
        theirs, yours = entry_state(entry), input_state(form.to_input(), entry)
        conflicts.append(
            {
                "entry": entry,
                "rows": compare(entry, theirs, yours),
                "by": entry.updated_by,
                "at": entry.updated_at,
            }
        )
        data[f"{form.prefix}-version"] = entry.version
        data[f"{form.prefix}-loaded"] = fingerprint(theirs)
    merge_forms = _forms(report, entries, data)
    for form in merge_forms:
        form.is_valid()
    context = report_context(request.user, report)
    context.update({"conflicts": conflicts, "forms": merge_forms})
    return render(request, "plans/progress/conflict.html", context, status=409)


@require_http_methods(["GET", "HEAD", "POST"])
def report_grid(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = permissions.get_report_for_filing(request.user, slug, year)
    if report.status not in selectors.OPEN_STATUSES and request.method != "POST":
        messages.info(request, str(services.status_refusal(report)))
        return redirect("progress:report", slug, year)
    entries = selectors.report_entries(report, with_evidence=True)
    if request.method != "POST":
        return _render_grid(request, report, entries, _forms(report, entries))
    forms = _forms(report, entries, request.POST, request.FILES)
    if report.status not in selectors.OPEN_STATUSES:
        # Submitted (or approved) by a colleague while this user typed: nothing is saved,
        # and what they typed stays on the screen, to be copied, not sent to a redirect.
        files = f" {FILES_NOT_KEPT}" if request.FILES else ""
        messages.error(request, f"{services.status_refusal(report)} {NOT_SAVED_KEPT}{files}")
        for form in forms:
            form.is_valid()
        return _render_grid(request, report, entries, forms, status=409)
    checked = [form.is_valid() for form in forms]  # every form, so every error shows
    if not all(checked):
        return _render_grid(request, report, entries, forms, status=400)
    try:
        services.report_save(
            report=report,
            user=request.user,
            # Entries the user's page did not show (opened meanwhile) are left alone.
            entries=[
                form.to_input()
                for form in forms
                if form.add_prefix("loaded") in request.POST and form.has_user_changes()
            ],
            uploads={
                f.entry.pk: f.cleaned_data["evidence"] for f in forms if f.cleaned_data["evidence"]
            },
            removals=[pk for f in forms for pk in f.cleaned_data["remove_evidence"]],
        )
    except services.EntriesConflict as conflict:
        return _conflict(request, report, forms, conflict.entry_ids)
    except PlanError as error:
        # Keep what the user typed on the screen: nothing of it was saved.
        messages.error(request, str(error))
        return _render_grid(request, report, entries, forms, status=409)
    messages.success(request, _("The entries were saved."))
    return redirect("progress:grid", slug, year)


@require_POST
def report_submit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = permissions.get_report_for_filing(request.user, slug, year)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The submission could not be read; please try again."))
        return redirect("progress:grid", slug, year)
    try:
        services.report_submit(
            report=report, user=request.user, version=form.cleaned_data["version"]
        )
    except EditConflict:
        messages.warning(
            request,
            _(
                "The report changed after you loaded it (someone saved or submitted it). Check it and submit again."
            ),
        )
        return redirect("progress:report", slug, year)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect(
            "progress:grid" if report.status in selectors.OPEN_STATUSES else "progress:report",
            slug,
            year,
        )
    messages.success(
        request,
        by_kind(
            report.plan,
            _("The report was submitted to the coordination group for review."),
            _("The report was submitted to the working group for review."),
        ),
    )
    return redirect("progress:report", slug, year)
