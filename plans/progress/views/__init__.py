"""Pages of yearly progress: overviews, the filing grid, the review, spreadsheets."""

from plans.models import YearlyReport
from rin_portal import permissions

from .. import selectors


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
