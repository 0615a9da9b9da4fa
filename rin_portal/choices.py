"""Labels of stored choice codes, for templates and documents that hold plain data."""

from django.db.models import TextChoices


def _registry() -> dict[str, type[TextChoices]]:
    from plans.models import (
        ChangeReason,
        FundingSource,
        GroupMember,
        Indicator,
        NationalGoal,
        Plan,
        ReportEntry,
        YearlyReport,
    )
    from providers.models import Provider

    return {
        "plan_kind": Plan.Kind,
        "plan_status": Plan.Status,
        "funding_source": FundingSource,
        "represents": GroupMember.Represents,
        "unit": Indicator.Unit,
        "direction": Indicator.Direction,
        "national_goal_kind": NationalGoal.Kind,
        "entry_status": ReportEntry.Status,
        "report_status": YearlyReport.Status,
        "change_reason": ChangeReason,
        "provider_kind": Provider.Kind,
    }


def label(kind: str, code) -> str:
    if code in (None, ""):
        return ""
    choices = _registry()[kind]
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)
