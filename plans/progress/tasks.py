"""Mail of the review loop and of deadlines, sent by the task worker (`db_worker`).

The step that calls for a notice has committed by the time it is queued. Sending in the
request instead made a mail server that refuses or hangs fail a submission, return or
approval that was already saved: the user saw an error page for a step that had
happened. A failed send now stays in the worker's queue as a failed task, visible in
the admin, and the portal's pages never wait for the mail server.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from plans.models import YearlyReport

from . import notifications, selectors


@task()
def send_report_notice(
    notice: str,
    report_id: int,
    *,
    returned: list[int] | None = None,
    reason: str = "",
    recipients: list[int] | None = None,
    days_left: int = 0,
    missing: int = 0,
) -> int:
    """Send `notice` ("submitted", "returned", "approved", "reopened" or "reminder") about
    the report; the number of messages sent. Nothing if the report no longer exists."""
    report = (
        YearlyReport.objects.select_related(
            "plan__region", "plan__municipality__region", "submitted_by"
        )
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return 0
    if notice == "submitted":
        return notifications.report_submitted(report)
    if notice == "returned":
        ids = set(returned or ())
        entries = [entry for entry in selectors.report_entries(report) if entry.pk in ids]
        return notifications.report_returned(report, entries)
    if notice == "approved":
        return notifications.report_approved(report)
    if notice == "reopened":
        return notifications.report_reopened(report, reason)
    if notice == "reminder":
        users = list(get_user_model().objects.filter(pk__in=recipients or ()))
        return notifications.report_reminder(report, users, days_left=days_left, missing=missing)
    raise ValueError(f"Unknown notice: {notice}")
