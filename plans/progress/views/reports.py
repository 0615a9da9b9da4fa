"""The dashboard, a plan's yearly reports, opening a year, a report's page, evidence."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plans.models import EvidenceFile
from plans.services.errors import PlanError
from rin_portal import caching, permissions, security
from rin_portal.models import SecurityEvent

from .. import checks, selectors, services
from ..forms import OpenReportForm
from . import report_context

DASHBOARD_REGION = "plans/progress/includes/dashboard_region.html"


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    def page() -> HttpResponse:
        today = timezone.localdate()
        context = {
            "sections": _dashboard_sections(
                selectors.dashboard_regions(request.user, today), today
            ),
            "today": today,
            "is_national": permissions.can_view_national_overview(request.user),
            "scope_kind": permissions.scope_plan_kind(request.user),
        }
        return render(request, "plans/progress/dashboard.html", context)

    # In this process only: its sections are kept here, so a worker draws it cheaply; a
    # copy of the whole page per session in Redis would cost more than it spares.
    return caching.session_page(request, "progress-dashboard", page, shared=False)


def _dashboard_sections(regions: list, today) -> list:
    """Each region's section, kept under what it is built from: after a change in one
    region, only its section is built and drawn again."""
    sections = [caching.fragment_kept(DASHBOARD_REGION, found.key) for found in regions]
    missing = [found for found, section in zip(regions, sections, strict=True) if section is None]
    built = iter(selectors.dashboard_groups(missing, today))
    sections = [
        section
        if section is not None
        else caching.keep_fragment(
            DASHBOARD_REGION, found.key, selectors.dashboard_section(next(built))
        )
        for found, section in zip(regions, sections, strict=True)
    ]
    return [section for section in sections if section]


def _open_form(plan, rows, data=None) -> OpenReportForm | None:
    years = [row.year for row in rows if row.report is None]
    return OpenReportForm(data, years=sorted(years)) if years else None


@login_not_required
@require_safe
def plan_reports(request: HttpRequest, slug: str) -> HttpResponse:
    plan = permissions.get_plan_for_view(request.user, slug)
    rows = selectors.plan_years(plan, request.user, timezone.localdate())
    can_file = permissions.can_file_progress(request.user, plan)
    context = {
        "plan": plan,
        "rows": rows,
        "can_file": can_file,
        "can_view_progress": permissions.can_view_progress(request.user, plan),
        "open_form": _open_form(plan, rows) if can_file and plan.confirmed_on else None,
    }
    return render(request, "plans/progress/plan_reports.html", context)


@require_POST
def report_open(request: HttpRequest, slug: str) -> HttpResponse:
    plan = permissions.get_plan_for_progress_filing(request.user, slug)
    rows = selectors.plan_years(plan, request.user, timezone.localdate())
    form = _open_form(plan, rows, request.POST)
    if form is None or not form.is_valid():
        messages.error(request, _("Choose a year whose report is not open yet."))
        return redirect("progress:plan_reports", plan.slug)
    try:
        report = services.report_open(plan=plan, year=form.cleaned_data["year"], user=request.user)
    except PlanError as error:
        messages.error(request, str(error))
        return redirect("progress:plan_reports", plan.slug)
    messages.success(request, _("The report for %(year)s is open.") % {"year": report.year})
    return redirect("progress:grid", plan.slug, report.year)


@login_not_required
@require_safe
def report_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = permissions.get_report_for_view(request.user, slug, year)
    context = report_context(request.user, report)
    entries = selectors.report_entries(report, with_evidence=True)
    if context["can"]["view_progress"]:
        context["problems"] = checks.report_problems(entries, report.year, report.plan.kind)
        context["history"] = selectors.report_history(report)
    context["entries"] = entries
    context["summaries"] = selectors.entry_summaries(report, entries)
    return render(request, "plans/progress/report_detail.html", context)


@login_not_required
@require_safe
def evidence_download(request: HttpRequest, slug: str, year: int, pk: int) -> FileResponse:
    report = permissions.get_report_for_view(request.user, slug, year)
    # Evidence (lists of participants, photos) may name people: it is not published with
    # an approved report, only shown to those who follow the plan's progress.
    if not permissions.can_view_progress(request.user, report.plan):
        raise PermissionDenied
    evidence = EvidenceFile.objects.filter(pk=pk, entry__report=report).first()
    if evidence is None:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    if request.user.is_authenticated and request.method != "HEAD":  # HEAD hands nothing over
        security.record(
            SecurityEvent.Kind.DOWNLOAD, request, user=request.user, detail=evidence.file.name
        )
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
