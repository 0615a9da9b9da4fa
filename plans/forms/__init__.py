from .base import DeleteForm, MoveForm
from .content import (
    ActivityForm,
    AreaForm,
    ChapterForm,
    FundingLineForm,
    GoalForm,
    GroupMemberForm,
    IndicatorForm,
    ProgrammeForm,
)
from .plan import (
    PlanAmendForm,
    PlanCloseForm,
    PlanConfirmForm,
    PlanConsultationForm,
    PlanCreateForm,
    PlanEndConsultationForm,
    PlanForm,
    PlanSuccessorForm,
    TransitionForm,
)

__all__ = [
    "ActivityForm",
    "AreaForm",
    "DeleteForm",
    "MoveForm",
    "ChapterForm",
    "FundingLineForm",
    "GoalForm",
    "GroupMemberForm",
    "IndicatorForm",
    "PlanAmendForm",
    "PlanCloseForm",
    "PlanConfirmForm",
    "PlanConsultationForm",
    "PlanCreateForm",
    "PlanEndConsultationForm",
    "PlanForm",
    "PlanSuccessorForm",
    "ProgrammeForm",
    "TransitionForm",
]
