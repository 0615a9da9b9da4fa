"""XLSX out (a yearly report, a plan's programme table) and in (a filled report)."""

import datetime
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plans.models import IndicatorValue
from plans.selectors import plan_document
from plans.services.errors import PlanError
from rin_portal import permissions, security
from rin_portal.models import SecurityEvent

from .. import imports, selectors, services
from .. import spreadsheets as layout
from ..forms import ConfirmImportForm, ImportForm, ImportOverwriteForm
from ..state import EntryInput
from . import report_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_FOLDER = "progress-imports"
IMPORT_SALT = "plans.progress.import"
IMPORT_MAX_AGE = 2 * 60 * 60  # seconds a preview may wait for its confirmation


def _xlsx(request, content: bytes, filename: str) -> HttpResponse:
    if request.user.is_authenticated and request.method != "HEAD":  # HEAD hands nothing over
        security.record(SecurityEvent.Kind.EXPORT, request, user=request.user, detail=filename)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
@require_safe
def report_export(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = permissions.get_report_for_view(request.user, slug, year)
    entries = selectors.report_entries(report)
    content = layout.report_workbook(report, entries)
    return _xlsx(request, content, f"letno-porocilo-{report.plan.slug}-{report.year}.xlsx")


@require_safe
def programmes_export(request: HttpRequest, slug: str) -> HttpResponse:
    plan = permissions.get_plan_for_progress_view(request.user, slug)
    achieved: dict[int, dict[int, object]] = {}
    values = IndicatorValue.objects.filter(
        entry__report__plan=plan, achieved_value__isnull=False
    ).values_list("indicator_id", "entry__report__year", "achieved_value")
    for indicator_id, year, value in values:
        achieved.setdefault(indicator_id, {})[year] = value
    content = layout.programmes_workbook(plan, plan_document(plan), achieved)
    return _xlsx(request, content, f"programi-{plan.slug}.xlsx")


def _editable_report(request, slug: str, year: int):
    report = permissions.get_report_for_filing(request.user, slug, year)
    if report.status not in selectors.OPEN_STATUSES:
        messages.info(request, str(services.status_refusal(report)))
        return report, redirect("progress:report", slug, year)
    return report, None


def _purge_old_imports() -> None:
    """Workbooks whose preview was never confirmed are kept for a day at most."""
    try:
        _folders, names = default_storage.listdir(IMPORT_FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - datetime.timedelta(days=1)
    for name in names:
        path = f"{IMPORT_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


@require_http_methods(["GET", "HEAD", "POST"])
def report_import(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Upload a filled workbook and see, row by row, what it would change. Saves nothing."""
    report, refused = _editable_report(request, slug, year)
    if refused:
        return refused
    form = ImportForm(request.POST or None, request.FILES or None)
    context = report_context(request.user, report)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        entries = selectors.report_entries(report, with_editors=True)  # who saved a conflict
        try:
            preview = imports.preview(report, entries, upload)
        except imports.ImportRefused as refusal:
            form.add_error("workbook", str(refusal))
            return render(request, "plans/progress/import.html", context, status=400)
        context["preview"] = preview
        if (preview.inputs or preview.conflicts) and not preview.has_errors:
            _purge_old_imports()
            upload.seek(0)
            name = default_storage.save(
                f"{IMPORT_FOLDER}/{uuid.uuid4().hex}.xlsx", ContentFile(upload.read())
            )
            token = signing.dumps(
                {
                    "report": report.pk,
                    "user": request.user.pk,
                    "file": name,
                    "versions": {
                        str(data.entry_id): data.version
                        for data in preview.inputs + preview.conflicts
                    },
                    "conflicts": [data.entry_id for data in preview.conflicts],
                },
                salt=IMPORT_SALT,
                compress=True,
            )
            context["confirm_form"] = ConfirmImportForm(initial={"token": token})
        status = 400 if preview.has_errors else 200
        return render(request, "plans/progress/import.html", context, status=status)
    return render(request, "plans/progress/import.html", context)


def _load_token(request, report) -> dict | None:
    form = ConfirmImportForm(request.POST)
    if not form.is_valid():
        return None
    try:
        token = signing.loads(form.cleaned_data["token"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
    except signing.BadSignature:
        return None
    if token.get("report") != report.pk or token.get("user") != request.user.pk:
        return None
    if not default_storage.exists(token["file"]):
        return None
    return token


def _confirmed(preview, token: dict, overwrite: set[int]) -> list[EntryInput]:
    """The rows to save: those the preview changed, and of those that would overwrite a
    later save, the ones the user chose. Each claims the version the preview was made
    from, so that a save since the preview stops the import."""
    versions = {int(pk): version for pk, version in token["versions"].items()}
    skipped = set(token.get("conflicts", [])) - overwrite
    entries = []
    for data in preview.inputs + preview.conflicts:
        if data.entry_id in versions and data.entry_id not in skipped:
            data.version = versions[data.entry_id]
            entries.append(data)
    return entries


@require_POST
def report_import_confirm(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report, refused = _editable_report(request, slug, year)
    if refused:
        return refused
    token = _load_token(request, report)
    conflicts = token.get("conflicts", []) if token else []
    overwrite_form = ImportOverwriteForm(request.POST, entry_ids=conflicts)
    if token is None or not overwrite_form.is_valid():
        messages.error(
            request, _("The preview has expired or was already used. Upload the workbook again.")
        )
        return redirect("progress:import", slug, year)
    overwrite = set(overwrite_form.cleaned_data["overwrite"])
    try:
        with default_storage.open(token["file"], "rb") as workbook:
            preview = imports.preview(
                report, selectors.report_entries(report, with_editors=True), workbook
            )
        if preview.has_errors:
            raise PlanError(_("The workbook no longer fits the report. Upload it again."))
        entries = _confirmed(preview, token, overwrite)
        services.report_save(report=report, user=request.user, entries=entries)
    except services.EntriesConflict:
        messages.warning(
            request,
            _(
                "Entries changed after your preview; nothing was imported. Upload the workbook again to see the changes."
            ),
        )
        return redirect("progress:import", slug, year)
    except (PlanError, imports.ImportRefused) as error:
        messages.error(request, str(error))
        return redirect("progress:import", slug, year)
    finally:
        default_storage.delete(token["file"])
    count = len(entries)
    if not count:
        messages.info(
            request,
            _("Nothing was imported: every entry keeps the version saved in the portal."),
        )
        return redirect("progress:grid", slug, year)
    messages.success(
        request,
        ngettext(
            "The workbook was imported: %(count)s entry changed.",
            "The workbook was imported: %(count)s entries changed.",
            count,
        )
        % {"count": count},
    )
    return redirect("progress:grid", slug, year)
