"""The parts of a plan that people create, edit, delete and reorder, described once.

Services and views work on any part through its `Kind`: which model, which fields
are edited, whether it hangs off the plan or off a programme, in which order its
siblings stand, and which of its fields need a reason once the plan was confirmed.
"""

from dataclasses import dataclass, field, replace

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import (
    Activity,
    Area,
    Chapter,
    FundingLine,
    Goal,
    GroupMember,
    Indicator,
    Plan,
    Programme,
)


def is_strategy(plan) -> bool:
    """Whether `plan` (a Plan, the plain data of one, or a kind) is a municipal strategy."""
    kind = plan.get("kind") if isinstance(plan, dict) else getattr(plan, "kind", plan)
    return kind == Plan.Kind.STRATEGY


def by_kind(plan, rin_text: str, strategy_text: str) -> str:
    """The words `plan` speaks of itself in: a regional plan has programmes and a
    coordination group, a municipal strategy measures and a working group. Both texts
    are separate msgids, so that each reads right in every language."""
    return strategy_text if is_strategy(plan) else rin_text


@dataclass(frozen=True)
class Kind:
    key: str
    segment: str  # in URLs, Slovenian
    model: type[models.Model]
    fields: tuple[str, ...]
    label: str
    parent: str = "plan"  # "plan" or "programme"
    orderable: bool = True
    # Sibling rows share these field values (e.g. goals of one area).
    sibling_fields: tuple[str, ...] = ()
    # Changing these after confirmation needs a reason (targets, baselines, amounts).
    reasoned_fields: frozenset[str] = field(default_factory=frozenset)
    reason_on_delete: bool = False
    # What a municipal strategy calls this part, where it differs (a programme is a measure).
    strategy_label: str | None = None

    def for_plan(self, plan: Plan) -> "Kind":
        """This kind named as `plan` names it."""
        if plan.kind == Plan.Kind.STRATEGY and self.strategy_label:
            return replace(self, label=self.strategy_label)
        return self

    def queryset(self, plan: Plan) -> QuerySet:
        """Rows of this kind that belong to `plan`; anything else is not found."""
        if self.parent == "programme":
            return self.model.objects.filter(programme__plan=plan)
        return self.model.objects.filter(plan=plan)

    def siblings(self, obj: models.Model) -> QuerySet:
        parent_field = "programme" if self.parent == "programme" else "plan"
        lookup = {
            f"{name}_id": getattr(obj, f"{name}_id")
            for name in (parent_field, *self.sibling_fields)
        }
        return self.model.objects.filter(**lookup).order_by("position", "id")

    def programme_of(self, obj: models.Model) -> Programme | None:
        if self.model is Programme:
            return obj
        if self.parent == "programme":
            return obj.programme
        return None


INDICATOR_TARGET_FIELDS = frozenset(
    {"baseline_value", "baseline_year", "target_value", "target_year"}
)

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind("chapter", "poglavja", Chapter, ("title", "body"), _("chapter")),
        Kind(
            "member",
            "clani",
            GroupMember,
            ("person_name", "function", "organisation", "provider", "represents"),
            _("group member"),
        ),
        Kind("area", "podrocja", Area, ("title", "unmet_needs"), _("area of unmet need")),
        Kind(
            "goal",
            "cilji",
            Goal,
            ("area", "title", "description"),
            _("goal"),
            sibling_fields=("area",),
        ),
        Kind(
            "programme",
            "programi",
            Programme,
            (
                "area",
                "goal",
                "title",
                "description",
                "target_groups",
                "lead",
                "implementers",
                "municipalities",
                "first_year",
                "last_year",
                "national_goals",
            ),
            _("programme"),
            sibling_fields=("area",),
            strategy_label=_("measure"),
        ),
        Kind(
            "activity",
            "aktivnosti",
            Activity,
            ("description", "timeframe"),
            _("activity"),
            parent="programme",
        ),
        Kind(
            "funding",
            "financiranje",
            FundingLine,
            ("source", "year", "planned_amount"),
            _("funding line"),
            parent="programme",
            orderable=False,
            reasoned_fields=frozenset({"planned_amount", "year", "source"}),
            reason_on_delete=True,
        ),
        Kind(
            "indicator",
            "kazalniki",
            Indicator,
            (
                "name",
                "unit",
                "unit_label",
                "direction",
                "baseline_value",
                "baseline_year",
                "target_value",
                "target_year",
            ),
            _("indicator"),
            parent="programme",
            reasoned_fields=INDICATOR_TARGET_FIELDS | {"year_targets"},
            reason_on_delete=True,
        ),
    ]
}

KIND_BY_SEGMENT = {kind.segment: kind for kind in KINDS.values()}
