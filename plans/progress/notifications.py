"""E-mail notices of the review loop and of deadlines, in the portal's main language.

Services call these through `transaction.on_commit`, so a refused or rolled-back
step never sends mail. Each notice goes to every recipient separately.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from plans.kinds import is_strategy
from plans.models import YearlyReport
from rin_portal import permissions
from rin_portal.text import one_line

from .state import field_choices


def _report_url(report: YearlyReport, name: str = "progress:report") -> str:
    return settings.SITE_URL + reverse(name, args=[report.plan.slug, report.year])


def _send(recipients, subject: str, template: str, context: dict) -> int:
    addresses = sorted({user.email for user in recipients if user and user.email})
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(f"[RIN] {subject}" % context)
        body = render_to_string(f"plans/progress/email/{template}.txt", context)
    messages = [EmailMessage(subject, body, to=[address]) for address in addresses]
    return get_connection().send_messages(messages) or 0


def _context(report: YearlyReport, **details) -> dict:
    """What every notice's template is given about the report, and `details`."""
    return {
        "report": report,
        "plan": report.plan.title,
        "is_strategy": is_strategy(report.plan),
        "year": report.year,
        **details,
    }


def report_submitted(report: YearlyReport) -> int:
    """To the coordination group of the plan's scope: a report waits for review."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yearly report %(year)s submitted for review: %(plan)s")
    context = _context(report, url=_report_url(report, "progress:review"))
    return _send(permissions.progress_reviewers_of(report.plan), subject, "submitted", context)


def filer_recipients(report: YearlyReport) -> list:
    """Who hears what became of a report (returned, approved, reopened): every CSD staff
    member of the plan's scope (a colleague of the one who submitted may be the one to
    revise it, or to answer for it) and the submitter, also one who files without a CSD
    role (an administrator), if still active."""
    recipients = list(permissions.progress_filers_of(report.plan))
    submitter = report.submitted_by
    if submitter is not None and submitter.is_active and submitter not in recipients:
        recipients.append(submitter)
    return recipients


def report_returned(report: YearlyReport, returned: list) -> int:
    """To the CSD staff who file the report: which entries came back and why, each with
    the part the reviewer pointed at, named in the portal's language (not the reviewer's)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yearly report %(year)s returned for revision: %(plan)s")
        for entry in returned:
            entry.field_label = dict(field_choices(entry)).get(entry.returned_field, "")
    context = _context(report, entries=returned, url=_report_url(report, "progress:grid"))
    return _send(filer_recipients(report), subject, "returned", context)


def report_approved(report: YearlyReport) -> int:
    """To the CSD staff who file the report: the year is approved and locked."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yearly report %(year)s approved: %(plan)s")
    context = _context(report, url=_report_url(report))
    return _send(filer_recipients(report), subject, "approved", context)


def report_reopened(report: YearlyReport, reason: str) -> int:
    """To the CSD staff who file the report: an approved year is open again, and why."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yearly report %(year)s reopened: %(plan)s")
    context = _context(report, reason=reason, url=_report_url(report, "progress:grid"))
    return _send(filer_recipients(report), subject, "reopened", context)


def report_reminder(report: YearlyReport, recipients, *, days_left: int, missing: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        subject = (
            _("Yearly report %(year)s is overdue: %(plan)s")
            if days_left < 0
            else _("Yearly report %(year)s is due soon: %(plan)s")
        )
    context = _context(
        report,
        days_left=days_left,
        days_overdue=-days_left,
        missing=missing,
        url=_report_url(report, "progress:grid"),
    )
    return _send(recipients, subject, "reminder", context)
