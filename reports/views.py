"""Pages of the documents: a plan's documents, the reviewers' list, a document's status
and its download. Documents are prepared by the worker; no view renders a PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from rin_portal import permissions, security
from rin_portal.models import SecurityEvent

from . import selectors, services
from .errors import DocumentError
from .forms import NationalDocumentForm, PlanDocumentForm


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    """The reviewers' page: per region the latest version of each document."""
    national, regions = selectors.latest_documents_by_region(request.user)
    return render(
        request,
        "reports/document_list.html",
        {
            "national": national,
            "regions": regions,
            "can_request_national": permissions.can_view_national_overview(request.user),
        },
    )


@login_not_required
@require_safe
def plan_documents(request: HttpRequest, slug: str) -> HttpResponse:
    plan = permissions.get_plan_for_view(request.user, slug)
    return _plan_documents_page(request, plan, PlanDocumentForm(reports=[]))


def _plan_documents_page(request, plan, form, status: int = 200) -> HttpResponse:
    context = {
        "plan": plan,
        "form": form,
        "reports": selectors.yearly_reports_for(request.user, plan),
        "documents": selectors.plan_documents(request.user, plan),
        "audience": permissions.document_audience_for_plan(request.user, plan),
    }
    return render(request, "reports/plan_documents.html", context, status=status)


@login_not_required
@require_POST
def plan_document_request(request: HttpRequest, slug: str) -> HttpResponse:
    plan = permissions.get_plan_for_view(request.user, slug)
    reports = selectors.yearly_reports_for(request.user, plan)
    form = PlanDocumentForm(request.POST, reports=reports)
    if not form.is_valid():
        return _plan_documents_page(request, plan, form, status=400)
    report, format = form.cleaned_data["report"], form.cleaned_data["format"]
    try:
        if report is None:
            audience = permissions.document_audience_for_plan(request.user, plan)
            document = services.document_request_plan(
                user=request.user, plan=plan, format=format, audience=audience
            )
        else:
            audience = permissions.document_audience_for_report(request.user, report)
            document = services.document_request_yearly(
                user=request.user, report=report, format=format, audience=audience
            )
    except DocumentError as error:
        form.add_error(None, str(error))
        return _plan_documents_page(request, plan, form, status=400)
    return redirect(document)


@require_POST
def national_document_request(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_national_overview(request.user):
        raise PermissionDenied
    form = NationalDocumentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("reports:list")
    document = services.document_request_national(
        user=request.user, format=form.cleaned_data["format"]
    )
    return redirect(document)


@login_not_required
@require_safe
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    document = permissions.get_document_for_view(request.user, pk)
    return render(request, "reports/document_status.html", {"document": document})


@login_not_required
@require_safe
def document_status_json(request: HttpRequest, pk: int) -> JsonResponse:
    """For the status page's script, which tells the reader when the document is ready."""
    document = permissions.get_document_for_view(request.user, pk)
    return JsonResponse(
        {
            "status": document.status,
            "label": document.get_status_display(),
            "download_url": reverse("reports:download", args=[document.pk])
            if document.is_ready
            else None,
        }
    )


@login_not_required
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    document = permissions.get_document_for_view(request.user, pk)
    document = services.document_retry(document=document)
    return redirect(document)


@login_not_required
@require_safe
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = permissions.get_document_for_view(request.user, pk)
    if not document.is_ready:
        return redirect(document)
    # A visitor reading a public document is counted, but not by address: the security
    # log keeps the addresses of users who sign in, not of the public (privacy notice).
    signed_in = request.user.is_authenticated
    if request.method != "HEAD":  # a link checker's HEAD hands nothing over
        security.record(
            SecurityEvent.Kind.DOWNLOAD,
            request if signed_in else None,
            user=request.user if signed_in else None,
            code="document",
            params={"id": document.pk, "name": document.download_name},
        )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    response["ETag"] = f'"{document.file_sha256}"'
    return response
