"""Moments are stored in UTC; the day shown is Slovenia's. Between midnight and 1 a.m.
(2 a.m. in summer) in Ljubljana it is still yesterday in UTC."""

import datetime

from django.urls import reverse

from plans.models import ChangeRecord, ReportEvent, YearlyReport
from plans.progress import services as progress
from reports import services as documents
from reports.contexts import document_html
from reports.models import Document

from ..builders import fill
from .test_document_views import plan_document, ready

AFTER_MIDNIGHT = datetime.datetime(2026, 12, 3, 23, 30, tzinfo=datetime.UTC)  # 00:30 on the 4th


def test_the_documents_list_gives_the_day_a_document_was_prepared_in_slovenia(client, member, plan):
    document = ready(plan_document(plan))
    Document.objects.filter(pk=document.pk).update(
        requested_at=AFTER_MIDNIGHT, finished_at=AFTER_MIDNIGHT
    )
    client.force_login(member)
    page = client.get(reverse("reports:plan", args=[plan.slug])).content.decode()
    row = page[page.index(reverse("reports:download", args=[document.pk])) :]
    row = row[: row.index("</tr>")]
    assert "4. 12. 2026" in row and "3. 12. 2026" not in row
    status = client.get(document.get_absolute_url()).content.decode()
    assert "4. 12. 2026" in status and "3. 12. 2026" not in status


def test_a_yearly_reports_pdf_gives_the_day_it_was_approved_in_slovenia(
    confirmed_plan, staff, member
):
    report = progress.report_open(plan=confirmed_plan, year=2017, user=staff)
    fill(report, staff)
    progress.report_submit(report=report, user=staff, version=report.version)
    report.refresh_from_db()
    progress.report_approve(report=report, user=member, version=report.version)
    YearlyReport.objects.filter(pk=report.pk).update(approved_at=AFTER_MIDNIGHT)
    ReportEvent.objects.filter(report=report).update(created_at=AFTER_MIDNIGHT)
    ChangeRecord.objects.filter(report=report).update(created_at=AFTER_MIDNIGHT)
    document = documents.document_request_yearly(
        user=member, report=YearlyReport.objects.get(pk=report.pk), format="pdf", audience="working"
    )
    html = " ".join(document_html(document).split())
    assert "4. 12. 2026" in html and "3. 12. 2026" not in html
