"""Pages of yearly progress: overviews, the filing grid, the review, spreadsheets."""

from django.utils.translation import gettext_lazy

from plans.models import YearlyReport
from rin_portal import permissions

from .. import selectors

# Said when a page is shown again, instead of saving, because the report moved on (a
# colleague submitted or approved it) while its user typed.
NOT_SAVED_KEPT = gettext_lazy("Nothing you typed was saved; it is kept below, to copy.")
FILES_NOT_KEPT = gettext_lazy("Files you chose to upload were not kept.")


def report_context(user, report: YearlyReport) -> dict:
    """What every report page shows around its content: the report, the plan, the steps
    taken (who and when) and what the user may do."""
    can = permissions.report_actions(user, report)
    can["reopen"] = permissions.can_reopen_report(user, report)
    return {
        "report": report,
        "plan": report.plan,
        "can": can,
        "events": selectors.report_events(report) if can["view_progress"] else [],
        "is_editable": report.status in selectors.OPEN_STATUSES,
    }
