from .content import (
    Activity,
    Area,
    FundingLine,
    FundingSource,
    Goal,
    Indicator,
    IndicatorYearTarget,
    Programme,
)
from .history import ChangeReason, ChangeRecord, PlanSnapshot
from .national import NationalGoal, NationalProgramme, NationalTarget
from .plan import Chapter, GroupMember, Plan, Versioned, plan_status_label
from .progress import (
    EntryFunding,
    EvidenceFile,
    IndicatorValue,
    ReportEntry,
    ReportEvent,
    YearlyReport,
)

__all__ = [
    "plan_status_label",
    "Activity",
    "Area",
    "ChangeReason",
    "ChangeRecord",
    "Chapter",
    "EntryFunding",
    "EvidenceFile",
    "FundingLine",
    "FundingSource",
    "Goal",
    "GroupMember",
    "Indicator",
    "IndicatorValue",
    "IndicatorYearTarget",
    "NationalGoal",
    "NationalProgramme",
    "NationalTarget",
    "Plan",
    "PlanSnapshot",
    "Programme",
    "ReportEntry",
    "ReportEvent",
    "Versioned",
    "YearlyReport",
]
