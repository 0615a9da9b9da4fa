"""Writes of the documents app: asking for a document, and rendering it in the worker.

A request builds the document's data (a read), fingerprints it and either returns the
stored document with that fingerprint or creates a pending one and queues its render
on the "documents" queue, after the transaction commits. Rendering never happens
inside a web request.
"""

import datetime
import functools
import hashlib
import logging
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plans.kinds import by_kind
from plans.models import Plan, YearlyReport

from . import rendering, selectors
from .errors import DocumentError
from .models import Document

logger = logging.getLogger(__name__)

# A render that has been "in progress" this much longer than its time limit died with
# its worker; asking for the document again starts it anew.
STALE_AFTER = datetime.timedelta(minutes=2)


def _plan_kind(plan: Plan) -> str:
    return Document.Kind.STRATEGY if plan.kind == Plan.Kind.STRATEGY else Document.Kind.PLAN


def document_request_plan(*, user, plan: Plan, format: str, audience: str) -> Document:
    """The RIN or strategy document as `audience` reads it (public: the confirmed text,
    or the draft of a plan in public consultation)."""
    if format == Document.Format.XLSX:
        raise DocumentError(_("A plan is available as PDF only."))
    if audience == Document.Audience.PUBLIC and not plan.is_readable_by_public:
        raise DocumentError(
            by_kind(
                plan,
                _("This plan has not been confirmed yet: there is no public text."),
                _("This strategy has not been adopted yet: there is no public text."),
            )
        )
    kind = _plan_kind(plan)
    data = selectors.plan_data(plan, audience=audience)
    return _request(
        user=user,
        kind=kind,
        format=format,
        audience=audience,
        data=data,
        plan=plan,
        title=data["title"],
        text_status=data["status"],
    )


def document_request_yearly(*, user, report: YearlyReport, format: str, audience: str) -> Document:
    if audience == Document.Audience.PUBLIC and not (
        report.status == YearlyReport.Status.APPROVED and report.plan.is_public
    ):
        raise DocumentError(_("This report has not been approved yet: there is no public text."))
    data = selectors.yearly_report_data(report, audience=audience)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Yearly report %(year)s: %(plan)s") % {
            "year": report.year,
            "plan": data["plan"]["title"],
        }
    return _request(
        user=user,
        kind=Document.Kind.YEARLY,
        format=format,
        audience=audience,
        data=data,
        plan=report.plan,
        report=report,
        title=title,
    )


def document_request_national(*, user, format: str) -> Document:
    data = selectors.national_overview_data()
    with translation.override(settings.LANGUAGE_CODE):
        title = _("National overview of regional plans and yearly reports")
    return _request(
        user=user,
        kind=Document.Kind.NATIONAL,
        format=format,
        audience=Document.Audience.NATIONAL,
        data=data,
        title=title,
    )


def _series(kind: str, format: str, audience: str, plan: Plan | None, year: int | None) -> str:
    return f"{kind}:{plan.pk if plan else 'national'}:{year or '-'}:{audience}:{format}"


def _request(
    *,
    user,
    kind: str,
    format: str,
    audience: str,
    data: dict,
    title: str,
    plan: Plan | None = None,
    report: YearlyReport | None = None,
    text_status: str = "",
) -> Document:
    if format not in Document.Format.values:
        raise DocumentError(_("Unknown document format."))
    if format == Document.Format.XLSX and kind not in {
        Document.Kind.YEARLY,
        Document.Kind.NATIONAL,
    }:
        raise DocumentError(_("Only yearly reports and the national overview are spreadsheets."))
    language = settings.LANGUAGE_CODE
    fingerprint = rendering.fingerprint(
        kind=kind, format=format, audience=audience, language=language, data=data
    )
    series = _series(kind, format, audience, plan, report.year if report else None)
    for _attempt in range(3):
        existing = Document.objects.filter(fingerprint=fingerprint).first()
        if existing is not None:
            return _retry_if_needed(existing)
        try:
            with transaction.atomic():
                latest = Document.objects.filter(series=series).aggregate(Max("version"))
                document = Document.objects.create(
                    kind=kind,
                    format=format,
                    audience=audience,
                    text_status=text_status,
                    plan=plan,
                    report=report,
                    region=plan.scope_region if plan else None,
                    year=report.year if report else None,
                    title=title[:400],
                    language=language,
                    series=series,
                    version=(latest["version__max"] or 0) + 1,
                    fingerprint=fingerprint,
                    data=data,
                    requested_by=user if user is not None and user.is_authenticated else None,
                )
                transaction.on_commit(functools.partial(_enqueue, document.pk))
            return document
        except IntegrityError:
            # Someone asked for the same data (or the next version) at the same moment.
            continue
    raise DocumentError(_("The document is being asked for by others right now; try again."))


def document_retry(*, document: Document) -> Document:
    """Queue a failed (or abandoned) render again; a pending or ready document is kept."""
    return _retry_if_needed(document)


def _retry_if_needed(document: Document) -> Document:
    stale = (
        document.status == Document.Status.RENDERING
        and document.started_at is not None
        and timezone.now() - document.started_at
        > datetime.timedelta(seconds=settings.RIN_RENDER_TIMEOUT_SECONDS) + STALE_AFTER
    )
    if document.status == Document.Status.FAILED or stale:
        updated = Document.objects.filter(pk=document.pk, status=document.status).update(
            status=Document.Status.PENDING, error="", started_at=None, finished_at=None
        )
        if updated:
            transaction.on_commit(lambda: _enqueue(document.pk))
        document.refresh_from_db()
    return document


def _enqueue(document_id: int) -> None:
    from .tasks import render_document

    result = render_document.enqueue(document_id)
    Document.objects.filter(pk=document_id).update(task_id=str(result.id)[:64])


def document_render(*, document_id: int) -> Document:
    """Render a pending document and store its bytes; a refusal is stored as its error."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.status not in {Document.Status.PENDING, Document.Status.FAILED}:
            # Ready already, or being rendered by another worker.
            return document
        document.status = Document.Status.RENDERING
        document.started_at = timezone.now()
        document.error = ""
        document.save(update_fields=["status", "started_at", "error"])
    started = time.perf_counter()
    try:
        rendered = rendering.render(document)
    except DocumentError as error:
        return _fail(document, str(error))
    except Exception:
        logger.exception("Rendering document %s failed", document.pk)
        _fail(document, _("The document could not be prepared because of an unexpected error."))
        raise
    document.file.save(document.download_name, ContentFile(rendered.content), save=False)
    document.file_sha256 = hashlib.sha256(rendered.content).hexdigest()
    document.size = len(rendered.content)
    document.page_count = rendered.page_count
    document.render_seconds = round(time.perf_counter() - started, 3)
    document.status = Document.Status.READY
    document.finished_at = timezone.now()
    document.save(
        update_fields=[
            "file",
            "file_sha256",
            "size",
            "page_count",
            "render_seconds",
            "status",
            "finished_at",
        ]
    )
    return document


def _fail(document: Document, message: str) -> Document:
    document.status = Document.Status.FAILED
    document.error = message
    document.finished_at = timezone.now()
    document.save(update_fields=["status", "error", "finished_at"])
    return document
